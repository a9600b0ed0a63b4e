// bmsk.clamp.b32 / bmsk.wrap.b32 (PTX ISA 7.6, sm_70+): CUB's radix sort (and so
// thrust::sort, cub::DeviceRadixSort, cub::BlockRadixSort) emits bmsk.clamp.b32 to build
// digit masks. Expected values follow the PTX ISA's semantics pseudo-code.
#include <cstdio>
#include <cuda_runtime.h>

__global__ void k(const unsigned *a, const unsigned *b, unsigned *c, unsigned *w) {
  unsigned i = threadIdx.x, r, s;
  asm("bmsk.clamp.b32 %0, %1, %2;" : "=r"(r) : "r"(a[i]), "r"(b[i]));
  asm("bmsk.wrap.b32 %0, %1, %2;" : "=r"(s) : "r"(a[i]), "r"(b[i]));
  c[i] = r;
  w[i] = s;
}

static unsigned ref(unsigned a, unsigned b, bool clamp) {
  unsigned a1 = a & 31, b1 = b & 31, sum = a1 + b1;
  unsigned mask0 = ~0u << a1, mask1 = sum >= 32 ? 0 : ~0u << sum;
  bool over = sum >= 32;
  if (clamp && a >= 32) { mask0 = 0; over = true; }
  if (clamp && b >= 32) over = true;
  if (over) mask1 = 0;
  else if (b1 == 0) mask1 = ~0u;
  return mask0 & ~mask1;
}

int main() {
  const int n = 8;
  unsigned a[n] = {1, 0, 4, 28, 31, 40, 3, 0}, b[n] = {2, 8, 0, 8, 1, 3, 33, 32};
  unsigned *da, *db, *dc, *dw, c[n], w[n];
  cudaMalloc(&da, sizeof a); cudaMalloc(&db, sizeof b);
  cudaMalloc(&dc, sizeof c); cudaMalloc(&dw, sizeof w);
  cudaMemcpy(da, a, sizeof a, cudaMemcpyHostToDevice);
  cudaMemcpy(db, b, sizeof b, cudaMemcpyHostToDevice);
  k<<<1, n>>>(da, db, dc, dw);
  cudaError_t e = cudaGetLastError();
  if (e == cudaSuccess) e = cudaDeviceSynchronize();
  if (e != cudaSuccess) { printf("launch: %s\nFAILED\n", cudaGetErrorString(e)); return 1; }
  cudaMemcpy(c, dc, sizeof c, cudaMemcpyDeviceToHost);
  cudaMemcpy(w, dw, sizeof w, cudaMemcpyDeviceToHost);
  int bad = 0;
  for (int i = 0; i < n; i++) {
    if (c[i] != ref(a[i], b[i], true) || w[i] != ref(a[i], b[i], false)) {
      printf("a=%u b=%u: clamp %08x (want %08x) wrap %08x (want %08x)\n", a[i], b[i], c[i],
             ref(a[i], b[i], true), w[i], ref(a[i], b[i], false));
      bad++;
    }
  }
  printf(bad ? "FAILED\n" : "PASSED\n");
  return bad ? 1 : 0;
}
