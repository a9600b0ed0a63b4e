// Device assert (__assertfail) and trap: assertions on values, in device functions and
// loops, plus an explicit __trap() path and __brkpt-free early exits.
#include <cassert>

__device__ int checked_index(int i, int n) {
  assert(i >= 0 && i < n);
  return i;
}

__global__ void asserting(const int *idx, float *data, int n) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  int i = checked_index(idx[t], n);
  assert(data[i] == data[i] && "data must not contain NaN");
  data[i] += 1.0f;
  if (data[i] > 1e30f) __trap();
}

__global__ void assert_loop(const int *v, int n) {
  for (int k = 1; k < n; k++) assert(v[k - 1] <= v[k]);
}
