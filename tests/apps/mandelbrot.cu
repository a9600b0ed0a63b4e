// Mandelbrot as in the CUDA sample (and HeCBench mandelbrot): escape-time iteration per
// pixel with a data-dependent loop trip count (heavy divergence within warps), in float
// and double, colours packed into uchar4 through a small palette in __constant__ memory.
// The host iterates the same arithmetic (no fma contraction: __fmul_rn/__fadd_rn keep
// the device bit-exact) and the iteration counts must match exactly.
#include "apps.h"

__constant__ uchar4 c_palette[16];

template <typename T>
__device__ __host__ inline int mandel_iters(T cr, T ci, int maxIter);

template <>
__device__ __host__ inline int mandel_iters<float>(float cr, float ci, int maxIter) {
  float zr = 0, zi = 0;
  int i = 0;
#ifdef __CUDA_ARCH__
  while (i < maxIter && __fadd_rn(__fmul_rn(zr, zr), __fmul_rn(zi, zi)) <= 4.0f) {
    float t = __fadd_rn(__fsub_rn(__fmul_rn(zr, zr), __fmul_rn(zi, zi)), cr);
    zi = __fadd_rn(__fmul_rn(__fmul_rn(2.0f, zr), zi), ci);
    zr = t;
    i++;
  }
#else
  while (i < maxIter && zr * zr + zi * zi <= 4.0f) {
    float t = zr * zr - zi * zi + cr;
    zi = 2.0f * zr * zi + ci;
    zr = t;
    i++;
  }
#endif
  return i;
}

template <>
__device__ __host__ inline int mandel_iters<double>(double cr, double ci, int maxIter) {
  double zr = 0, zi = 0;
  int i = 0;
#ifdef __CUDA_ARCH__
  while (i < maxIter && __dadd_rn(__dmul_rn(zr, zr), __dmul_rn(zi, zi)) <= 4.0) {
    double t = __dadd_rn(__dsub_rn(__dmul_rn(zr, zr), __dmul_rn(zi, zi)), cr);
    zi = __dadd_rn(__dmul_rn(__dmul_rn(2.0, zr), zi), ci);
    zr = t;
    i++;
  }
#else
  while (i < maxIter && zr * zr + zi * zi <= 4.0) {
    double t = zr * zr - zi * zi + cr;
    zi = 2.0 * zr * zi + ci;
    zr = t;
    i++;
  }
#endif
  return i;
}

// x0 + i * scale, rounded twice on both sides (the device would contract it into an fma).
__device__ __host__ inline float coord(float x0, int i, float scale) {
#ifdef __CUDA_ARCH__
  return __fadd_rn(x0, __fmul_rn((float)i, scale));
#else
  volatile float p = (float)i * scale;
  return x0 + p;
#endif
}
__device__ __host__ inline double coord(double x0, int i, double scale) {
#ifdef __CUDA_ARCH__
  return __dadd_rn(x0, __dmul_rn((double)i, scale));
#else
  volatile double p = (double)i * scale;
  return x0 + p;
#endif
}

template <typename T>
__global__ void mandelbrot(int *iters, uchar4 *rgba, int w, int h, T x0, T y0, T scale, int maxIter) {
  int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  T cr = coord(x0, x, scale), ci = coord(y0, y, scale);
  int it = mandel_iters<T>(cr, ci, maxIter);
  iters[y * w + x] = it;
  rgba[y * w + x] = it == maxIter ? make_uchar4(0, 0, 0, 255) : c_palette[it & 15];
}

template <typename T>
static void run(int w, int h, T x0, T y0, T scale, int maxIter, const uchar4 *pal) {
  int *d_it;
  uchar4 *d_rgba;
  CUDA_CHECK(cudaMalloc(&d_it, w * h * 4));
  CUDA_CHECK(cudaMalloc(&d_rgba, w * h * 4));
  dim3 t(16, 16), g((w + 15) / 16, (h + 15) / 16);
  mandelbrot<T><<<g, t>>>(d_it, d_rgba, w, h, x0, y0, scale, maxIter);
  LAUNCH_CHECK();
  int *it = (int *)malloc(w * h * 4);
  uchar4 *rgba = (uchar4 *)malloc(w * h * 4);
  CUDA_CHECK(cudaMemcpy(it, d_it, w * h * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(rgba, d_rgba, w * h * 4, cudaMemcpyDeviceToHost));
  int inside = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      T cr = coord(x0, x, scale), ci = coord(y0, y, scale);
      int want = mandel_iters<T>(cr, ci, maxIter);
      int got = it[y * w + x];
      EXPECT(got == want, "%s (%d,%d): %d iterations, want %d", sizeof(T) == 4 ? "float" : "double", x, y, got, want);
      uchar4 c = want == maxIter ? make_uchar4(0, 0, 0, 255) : pal[want & 15];
      uchar4 g2 = rgba[y * w + x];
      EXPECT(g2.x == c.x && g2.y == c.y && g2.z == c.z && g2.w == c.w, "colour (%d,%d)", x, y);
      inside += want == maxIter;
    }
  EXPECT(inside > 0 && inside < w * h, "%d of %d pixels inside: the view is wrong", inside, w * h);
  cudaFree(d_it); cudaFree(d_rgba); free(it); free(rgba);
}

int main() {
  uchar4 pal[16];
  for (int i = 0; i < 16; i++) pal[i] = make_uchar4(i * 16, 255 - i * 16, (i * 37) & 255, 255);
  CUDA_CHECK(cudaMemcpyToSymbol(c_palette, pal, sizeof pal));
  run<float>(320, 240, -2.0f, -1.125f, 2.8125f / 300, 256, pal);
  run<double>(256, 192, -0.75, 0.05, 0.0002, 512, pal);
  return app_finish("mandelbrot");
}
