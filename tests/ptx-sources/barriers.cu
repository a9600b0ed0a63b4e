// Block barriers: __syncthreads_count/_and/_or, named barriers with thread counts through
// inline asm (bar.sync 1, 64; bar.arrive), barrier.sync.aligned, and producer/consumer warps.
// ROUNDTRIP: EXTRACT
__global__ void counted(const int *in, int *out) {
  int v = in[blockIdx.x * blockDim.x + threadIdx.x];
  int cnt = __syncthreads_count(v > 0);
  int all = __syncthreads_and(v >= 0);
  int any = __syncthreads_or(v == 3);
  if (threadIdx.x == 0) out[blockIdx.x] = cnt * 4 + all * 2 + any;
}

__global__ void named_barriers(float *data) {
  __shared__ float buf[64];
  int t = threadIdx.x;
  if (t < 64) {
    buf[t] = data[t] * 2.0f;               // producers: warps 0-1
    asm volatile("bar.arrive 1, 128;" ::: "memory");
  } else if (t < 128) {
    asm volatile("bar.sync 1, 128;" ::: "memory");  // consumers: warps 2-3
    data[t] = buf[t - 64] + 1.0f;
  }
  if (t < 64) {
    asm volatile("bar.sync 2, 64;" ::: "memory");
    data[t + 128] = buf[63 - t];
  }
  asm volatile("barrier.sync.aligned 0;" ::: "memory");
  asm volatile("bar.sync 0;" ::: "memory");
  unsigned cnt;
  asm volatile("{\n\t.reg .pred p;\n\tsetp.ne.u32 p, %1, 0;\n\tbar.red.popc.u32 %0, 3, p;\n\t}"
               : "=r"(cnt) : "r"(t & 1) : "memory");
  if (t == 0) data[255] = (float)cnt;
}
