// Device clocks: clock64() and clock() never go backwards within a thread and advance over
// a busy loop; %globaltimer (nanoseconds) advances too. Only monotonicity is checked: rates
// differ between GPUs (and CPUs).
#include "check.h"

__global__ void clocks(long long *out, int spin) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  long long c0 = clock64();
  unsigned long long g0;
  asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(g0));
  volatile float x = 1.0f;
  for (int i = 0; i < spin; i++) x = x * 1.0000001f + 1e-7f;
  long long c1 = clock64();
  unsigned long long g1;
  asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(g1));
  out[t * 3] = c1 - c0;
  out[t * 3 + 1] = (long long)(g1 - g0);
  out[t * 3 + 2] = (long long)g0;
}

int main() {
  const int n = 64;
  long long *d, h[n * 3];
  CUDA_CHECK(cudaMalloc(&d, sizeof h));
  clocks<<<2, 32>>>(d, 200000);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int t = 0; t < n; t++) {
    EXPECT(h[t * 3] > 0, "thread %d: clock64 did not advance (%lld)", t, h[t * 3]);
    EXPECT(h[t * 3 + 1] >= 0, "thread %d: globaltimer went backwards (%lld)", t, h[t * 3 + 1]);
    EXPECT(h[t * 3 + 2] > 0, "thread %d: globaltimer is zero", t);
  }
  return check_finish("timers");
}
