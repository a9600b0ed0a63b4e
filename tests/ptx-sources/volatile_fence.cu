// Volatile accesses, memory fences at each scope, clock/clock64, __nanosleep backoff,
// __syncwarp with masks, and the last-block-done pattern with __threadfence.
__device__ volatile int done_blocks;

__global__ void last_block(const float *in, float *partial, float *result, int n) {
  __shared__ bool am_last;
  __shared__ float s[128];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  s[threadIdx.x] = i < n ? in[i] : 0.0f;
  __syncthreads();
  for (int k = 64; k > 0; k >>= 1) {
    if (threadIdx.x < k) s[threadIdx.x] += s[threadIdx.x + k];
    __syncthreads();
  }
  if (threadIdx.x == 0) {
    partial[blockIdx.x] = s[0];
    __threadfence();
    int ticket = atomicAdd((int *)&done_blocks, 1);
    am_last = ticket == (int)gridDim.x - 1;
  }
  __syncthreads();
  if (am_last && threadIdx.x == 0) {
    float total = 0.0f;
    for (unsigned b = 0; b < gridDim.x; b++) total += ((volatile float *)partial)[b];
    *result = total;
    done_blocks = 0;
  }
}

__global__ void timing(volatile int *flag, long long *cycles, unsigned *clk) {
  long long start = clock64();
  unsigned c0 = clock();
  int backoff = 32;
  while (*flag == 0) {
    __nanosleep(backoff);
    if (backoff < 1024) backoff *= 2;
  }
  __threadfence_block();
  __threadfence_system();
  unsigned lane = threadIdx.x & 31;
  if (lane < 16) __syncwarp(0x0000ffffu);
  __syncwarp();
  cycles[threadIdx.x] = clock64() - start;
  clk[threadIdx.x] = clock() - c0;
}
