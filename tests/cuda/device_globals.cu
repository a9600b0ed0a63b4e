// __device__ global variables: a static initialiser visible to kernels, cudaMemcpyToSymbol
// and cudaMemcpyFromSymbol (with offsets), cudaGetSymbolAddress/Size, and values that kernels
// write and later kernels read.
#include "check.h"

__device__ int counter = 5;
__device__ int array[64];
__device__ double scalars[3] = {1.5, 2.5, 3.5};

__global__ void bump(int times) {
  if (threadIdx.x == 0 && blockIdx.x == 0)
    for (int i = 0; i < times; i++) counter += i;
}

__global__ void fill(int base) {
  int t = threadIdx.x;
  array[t] = base + t * counter;
  if (t < 3) scalars[t] *= 2;
}

__global__ void through_pointer(int *p) { p[threadIdx.x] += 1000; }

int main() {
  int c = 0;
  CUDA_CHECK(cudaMemcpyFromSymbol(&c, counter, sizeof c));
  EXPECT(c == 5, "initial counter %d", c);
  bump<<<1, 32>>>(10);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpyFromSymbol(&c, counter, sizeof c));
  EXPECT(c == 50, "counter after bump %d", c);
  c = 7;
  CUDA_CHECK(cudaMemcpyToSymbol(counter, &c, sizeof c));
  fill<<<1, 64>>>(100);
  LAUNCH_CHECK();
  int h[64];
  CUDA_CHECK(cudaMemcpyFromSymbol(h, array, sizeof h));
  for (int t = 0; t < 64; t++) EXPECT(h[t] == 100 + t * 7, "array[%d] = %d", t, h[t]);
  int tail[4];
  CUDA_CHECK(cudaMemcpyFromSymbol(tail, array, sizeof tail, 60 * sizeof(int)));
  EXPECT(tail[0] == 100 + 60 * 7 && tail[3] == 100 + 63 * 7, "offset read %d %d", tail[0], tail[3]);
  double s[3];
  CUDA_CHECK(cudaMemcpyFromSymbol(s, scalars, sizeof s));
  EXPECT(s[0] == 3.0 && s[1] == 5.0 && s[2] == 7.0, "scalars %g %g %g", s[0], s[1], s[2]);
  int *addr = nullptr;
  size_t size = 0;
  CUDA_CHECK(cudaGetSymbolAddress((void **)&addr, array));
  CUDA_CHECK(cudaGetSymbolSize(&size, array));
  EXPECT(addr != nullptr && size == 64 * sizeof(int), "symbol size %zu", size);
  through_pointer<<<1, 64>>>(addr);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(h, addr, sizeof h, cudaMemcpyDeviceToHost));
  for (int t = 0; t < 64; t++) EXPECT(h[t] == 1100 + t * 7, "through pointer [%d] = %d", t, h[t]);
  return check_finish("device_globals");
}
