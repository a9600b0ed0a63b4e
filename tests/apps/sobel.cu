// Sobel edge detection on an 8-bit image as in the CUDA sample SobelFilter: a shared-memory
// tile with a one-pixel apron loaded cooperatively, uchar4 packed output of four pixels
// per thread in one variant, and the gradient magnitude clamped to 255 via min/abs.
// Also a grayscale conversion from uchar4 RGBA using __saturatef and __float2int_rn.
#include "apps.h"

#define TILE_W 16
#define TILE_H 16

__device__ __host__ inline unsigned char ComputeSobel(int ul, int um, int ur, int ml, int mm, int mr, int ll, int lm,
                                                      int lr, float fScale) {
  int Horz = ur + 2 * mr + lr - ul - 2 * ml - ll;
  int Vert = ul + 2 * um + ur - ll - 2 * lm - lr;
  int Sum = (int)(fScale * (abs(Horz) + abs(Vert)));
  return (unsigned char)(Sum < 0 ? 0 : Sum > 255 ? 255 : Sum);
}

__global__ void sobel_shared(const unsigned char *in, unsigned char *out, int w, int h, float fScale) {
  __shared__ unsigned char tile[TILE_H + 2][TILE_W + 2];
  int x = blockIdx.x * TILE_W + threadIdx.x, y = blockIdx.y * TILE_H + threadIdx.y;
  // Cooperative load of (TILE_H+2) x (TILE_W+2) pixels, clamped at the image edges.
  for (int i = threadIdx.y * TILE_W + threadIdx.x; i < (TILE_H + 2) * (TILE_W + 2); i += TILE_W * TILE_H) {
    int ty = i / (TILE_W + 2), tx = i % (TILE_W + 2);
    int gx = min(max((int)(blockIdx.x * TILE_W) + tx - 1, 0), w - 1);
    int gy = min(max((int)(blockIdx.y * TILE_H) + ty - 1, 0), h - 1);
    tile[ty][tx] = in[gy * w + gx];
  }
  __syncthreads();
  if (x < w && y < h) {
    int tx = threadIdx.x + 1, ty = threadIdx.y + 1;
    out[y * w + x] = ComputeSobel(tile[ty - 1][tx - 1], tile[ty - 1][tx], tile[ty - 1][tx + 1], tile[ty][tx - 1],
                                  tile[ty][tx], tile[ty][tx + 1], tile[ty + 1][tx - 1], tile[ty + 1][tx],
                                  tile[ty + 1][tx + 1], fScale);
  }
}

// Four output pixels per thread, written as one uchar4.
__global__ void sobel_uchar4(const unsigned char *in, uchar4 *out, int w, int h, float fScale) {
  int x4 = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x4 * 4 >= w || y >= h) return;
  unsigned char r[4];
  for (int k = 0; k < 4; k++) {
    int x = x4 * 4 + k;
    int xm = max(x - 1, 0), xp = min(x + 1, w - 1), ym = max(y - 1, 0), yp = min(y + 1, h - 1);
    r[k] = ComputeSobel(in[ym * w + xm], in[ym * w + x], in[ym * w + xp], in[y * w + xm], in[y * w + x], in[y * w + xp],
                        in[yp * w + xm], in[yp * w + x], in[yp * w + xp], fScale);
  }
  out[y * (w / 4) + x4] = make_uchar4(r[0], r[1], r[2], r[3]);
}

__global__ void rgba_to_gray(const uchar4 *rgba, unsigned char *gray, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    uchar4 p = rgba[i];
    float g = (0.299f * p.x + 0.587f * p.y + 0.114f * p.z) / 255.0f;
    gray[i] = (unsigned char)__float2int_rn(__saturatef(g * 1.25f) * 255.0f);
  }
}

int main() {
  const int w = 640, h = 480, n = w * h;
  const float fScale = 0.75f;
  uchar4 *rgba = (uchar4 *)malloc(n * 4);
  uint32_t seed = 1;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      // Shapes with edges plus noise.
      int v = ((x / 40 + y / 30) & 1) ? 200 : 40;
      if ((x - 320) * (x - 320) + (y - 240) * (y - 240) < 100 * 100) v = 255 - v;
      uint32_t r = app_rand(&seed);
      rgba[y * w + x] = make_uchar4(min(255, v + (int)(r & 15)), min(255, v + (int)((r >> 4) & 15)), v, 255);
    }
  uchar4 *d_rgba;
  unsigned char *d_gray, *d_out1, *d_out4;
  CUDA_CHECK(cudaMalloc(&d_rgba, n * 4));
  CUDA_CHECK(cudaMalloc(&d_gray, n));
  CUDA_CHECK(cudaMalloc(&d_out1, n));
  CUDA_CHECK(cudaMalloc(&d_out4, n));
  CUDA_CHECK(cudaMemcpy(d_rgba, rgba, n * 4, cudaMemcpyHostToDevice));
  rgba_to_gray<<<(n + 255) / 256, 256>>>(d_rgba, d_gray, n);
  dim3 t(TILE_W, TILE_H), g((w + TILE_W - 1) / TILE_W, (h + TILE_H - 1) / TILE_H);
  sobel_shared<<<g, t>>>(d_gray, d_out1, w, h, fScale);
  dim3 t4(32, 8), g4((w / 4 + 31) / 32, (h + 7) / 8);
  sobel_uchar4<<<g4, t4>>>(d_gray, (uchar4 *)d_out4, w, h, fScale);
  LAUNCH_CHECK();
  unsigned char *gray = (unsigned char *)malloc(n), *o1 = (unsigned char *)malloc(n), *o4 = (unsigned char *)malloc(n);
  CUDA_CHECK(cudaMemcpy(gray, d_gray, n, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(o1, d_out1, n, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(o4, d_out4, n, cudaMemcpyDeviceToHost));
  int edges = 0;
  for (int i = 0; i < n; i++) {
    uchar4 p = rgba[i];
    double gd = (0.299 * p.x + 0.587 * p.y + 0.114 * p.z) / 255.0 * 1.25;
    gd = gd < 0 ? 0 : gd > 1 ? 1 : gd;
    int want = (int)lrint(gd * 255.0);
    // Float rounding may move a value sitting on .5 by one.
    EXPECT(abs((int)gray[i] - want) <= 1, "gray[%d] = %d, want %d", i, gray[i], want);
  }
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      int xm = x > 0 ? x - 1 : 0, xp = x < w - 1 ? x + 1 : w - 1, ym = y > 0 ? y - 1 : 0, yp = y < h - 1 ? y + 1 : h - 1;
      unsigned char want = ComputeSobel(gray[ym * w + xm], gray[ym * w + x], gray[ym * w + xp], gray[y * w + xm],
                                        gray[y * w + x], gray[y * w + xp], gray[yp * w + xm], gray[yp * w + x],
                                        gray[yp * w + xp], fScale);
      EXPECT(o1[y * w + x] == want, "shared sobel (%d,%d) = %d, want %d", y, x, o1[y * w + x], want);
      EXPECT(o4[y * w + x] == want, "uchar4 sobel (%d,%d) = %d, want %d", y, x, o4[y * w + x], want);
      edges += want == 255;
    }
  EXPECT(edges > 1000, "only %d saturated edge pixels: the test image is wrong", edges);
  cudaFree(d_rgba); cudaFree(d_gray); cudaFree(d_out1); cudaFree(d_out4);
  free(rgba); free(gray); free(o1); free(o4);
  return app_finish("sobel");
}
