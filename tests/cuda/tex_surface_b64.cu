// Surfaces with 64-bit elements: suld/sust .b64 and .v2.b64 (unsigned long long,
// doubles as long long, longlong2) on arrays of 8- and 16-byte texels, with carries across the two
// 32-bit halves so a swapped or dropped half shows.
#include "check.h"

#define W 6
#define H 3

__global__ void step(cudaSurfaceObject_t s8, cudaSurfaceObject_t s16) {
  int x = threadIdx.x, y = threadIdx.y;
  unsigned long long v = surf2Dread<unsigned long long>(s8, x * 8, y);
  surf2Dwrite(v + 0xffffffffull + (unsigned long long)x, s8, x * 8, y);
  longlong2 p = surf2Dread<longlong2>(s16, x * 16, y);
  surf2Dwrite(make_longlong2(p.y * 3, p.x - 1), s16, x * 16, y);
}

__global__ void doubles(cudaSurfaceObject_t s8) {
  int x = threadIdx.x, y = threadIdx.y;
  double d = __longlong_as_double(surf2Dread<long long>(s8, x * 8, y));
  surf2Dwrite(__double_as_longlong(d * 0.5), s8, x * 8, y);
}

int main() {
  cudaChannelFormatDesc c8 = cudaCreateChannelDesc<uint2>(), c16 = cudaCreateChannelDesc<int4>();
  cudaArray_t a8, a16;
  CUDA_CHECK(cudaMallocArray(&a8, &c8, W, H, cudaArraySurfaceLoadStore));
  CUDA_CHECK(cudaMallocArray(&a16, &c16, W, H, cudaArraySurfaceLoadStore));
  unsigned long long u[H][W];
  long long q[H][W][2];
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      u[y][x] = 0x00000001ffffff00ull * (y + 1) + x;
      q[y][x][0] = -5000000000ll * (x + 1) + y;
      q[y][x][1] = 7000000000ll + 31 * x - y;
    }
  CUDA_CHECK(cudaMemcpy2DToArray(a8, 0, 0, u, W * 8, W * 8, H, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy2DToArray(a16, 0, 0, q, W * 16, W * 16, H, cudaMemcpyHostToDevice));
  cudaResourceDesc rd;
  memset(&rd, 0, sizeof rd);
  rd.resType = cudaResourceTypeArray;
  cudaSurfaceObject_t s8, s16;
  rd.res.array.array = a8;
  CUDA_CHECK(cudaCreateSurfaceObject(&s8, &rd));
  rd.res.array.array = a16;
  CUDA_CHECK(cudaCreateSurfaceObject(&s16, &rd));
  step<<<1, dim3(W, H)>>>(s8, s16);
  LAUNCH_CHECK();
  unsigned long long ub[H][W];
  long long qb[H][W][2];
  CUDA_CHECK(cudaMemcpy2DFromArray(ub, W * 8, a8, 0, 0, W * 8, H, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy2DFromArray(qb, W * 16, a16, 0, 0, W * 16, H, cudaMemcpyDeviceToHost));
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      unsigned long long want = u[y][x] + 0xffffffffull + x;
      EXPECT(ub[y][x] == want, "b64 at (%d,%d): %llx want %llx", x, y, ub[y][x], want);
      EXPECT(qb[y][x][0] == q[y][x][1] * 3 && qb[y][x][1] == q[y][x][0] - 1, "v2.b64 at (%d,%d): %lld %lld", x, y,
             qb[y][x][0], qb[y][x][1]);
    }
  double d[H][W], db[H][W];
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) d[y][x] = 1e300 * (x + 1) - y * 0.125;
  CUDA_CHECK(cudaMemcpy2DToArray(a8, 0, 0, d, W * 8, W * 8, H, cudaMemcpyHostToDevice));
  doubles<<<1, dim3(W, H)>>>(s8);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy2DFromArray(db, W * 8, a8, 0, 0, W * 8, H, cudaMemcpyDeviceToHost));
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) EXPECT(db[y][x] == d[y][x] * 0.5, "double at (%d,%d): %g", x, y, db[y][x]);
  cudaDestroySurfaceObject(s8);
  cudaDestroySurfaceObject(s16);
  cudaFreeArray(a8);
  cudaFreeArray(a16);
  return check_finish("tex_surface_b64");
}
