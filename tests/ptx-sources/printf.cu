// Device printf: every conversion nvcc packs into the vprintf argument buffer (int, long,
// double promoted from float, pointers, strings), from divergent code.
// ROUNDTRIP: EXTRACT
#include <cstdio>

__device__ const char *names[] = {"zero", "one", "two"};

__global__ void hello(const float *x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i == 0) printf("hello from block %d thread %d of %d\n", blockIdx.x, threadIdx.x, blockDim.x);
  if (i < n && x[i] < 0.0f)
    printf("negative x[%d] = %f (%e, %g) bits %08x addr %p name %s ll %lld %llu %c%%\n", i, x[i],
           (double)x[i] * 2.0, x[i], __float_as_uint(x[i]), &x[i], names[i % 3], (long long)i << 40,
           0xFFFFFFFFFFFFull, 'A' + (i % 26));
  printf("");
}
