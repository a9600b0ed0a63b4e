// Reproducer (tests/apps/KNOWN_ISSUES.md): `bmsk.clamp.b32` and `bmsk.wrap.b32` (sm_70+),
// which CUB's radix sort emits (every thrust::sort / cub::DeviceRadixSort). Expected values
// per the PTX ISA: mask of b bits starting at bit a; .clamp clamps a and b to 32, .wrap
// takes them mod 32; bits past 31 are dropped.
#include <cstdio>
#include <cstdint>
__global__ void k(const unsigned *a, const unsigned *b, unsigned *c, unsigned *w) {
  unsigned d, e;
  asm("bmsk.clamp.b32 %0, %1, %2;" : "=r"(d) : "r"(a[threadIdx.x]), "r"(b[threadIdx.x]));
  asm("bmsk.wrap.b32 %0, %1, %2;" : "=r"(e) : "r"(a[threadIdx.x]), "r"(b[threadIdx.x]));
  c[threadIdx.x] = d;
  w[threadIdx.x] = e;
}
static unsigned ref(unsigned a, unsigned b, bool clamp) {
  if (clamp) { a = a > 32 ? 32 : a; b = b > 32 ? 32 : b; } else { a &= 31; b &= 31; }
  if (a >= 32) return 0;
  uint64_t m = b >= 32 ? 0xffffffffull : ((1ull << b) - 1);
  return (unsigned)(m << a);
}
int main() {
  const int n = 64;
  unsigned a[n], b[n], c[n], w[n];
  for (int i = 0; i < n; i++) { a[i] = (i * 7) % 40; b[i] = (i * 5 + 3) % 40; }
  unsigned *da, *db, *dc, *dw;
  cudaMalloc(&da, sizeof a); cudaMalloc(&db, sizeof b); cudaMalloc(&dc, sizeof c); cudaMalloc(&dw, sizeof w);
  cudaMemcpy(da, a, sizeof a, cudaMemcpyHostToDevice);
  cudaMemcpy(db, b, sizeof b, cudaMemcpyHostToDevice);
  k<<<1, n>>>(da, db, dc, dw);
  cudaError_t e = cudaGetLastError();
  cudaDeviceSynchronize();
  cudaMemcpy(c, dc, sizeof c, cudaMemcpyDeviceToHost);
  cudaMemcpy(w, dw, sizeof w, cudaMemcpyDeviceToHost);
  int bad = e != cudaSuccess;
  for (int i = 0; i < n && !bad; i++) {
    if (c[i] != ref(a[i], b[i], true) || w[i] != ref(a[i], b[i], false)) {
      printf("a=%u b=%u: clamp %#x want %#x, wrap %#x want %#x\n", a[i], b[i], c[i], ref(a[i], b[i], true), w[i],
             ref(a[i], b[i], false));
      bad++;
    }
  }
  printf("launch %s\n%s\n", cudaGetErrorName(e), bad ? "FAILED" : "PASSED");
  return bad != 0;
}
