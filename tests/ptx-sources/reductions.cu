// Classic parallel reductions: shared-memory tree with sequential addressing, warp-unrolled
// tail with volatile, shuffle-based block reduce, and grid-stride accumulation.
template <unsigned BLOCK> __device__ void warp_reduce(volatile float *s, unsigned t) {
  if (BLOCK >= 64) s[t] += s[t + 32];
  if (BLOCK >= 32) s[t] += s[t + 16];
  if (BLOCK >= 16) s[t] += s[t + 8];
  if (BLOCK >= 8) s[t] += s[t + 4];
  if (BLOCK >= 4) s[t] += s[t + 2];
  if (BLOCK >= 2) s[t] += s[t + 1];
}

template <unsigned BLOCK> __global__ void reduce6(const float *in, float *out, unsigned n) {
  __shared__ float s[BLOCK];
  unsigned t = threadIdx.x;
  unsigned i = blockIdx.x * (BLOCK * 2) + t;
  unsigned grid = BLOCK * 2 * gridDim.x;
  float sum = 0.0f;
  while (i < n) {
    sum += in[i];
    if (i + BLOCK < n) sum += in[i + BLOCK];
    i += grid;
  }
  s[t] = sum;
  __syncthreads();
  if (BLOCK >= 512) { if (t < 256) s[t] += s[t + 256]; __syncthreads(); }
  if (BLOCK >= 256) { if (t < 128) s[t] += s[t + 128]; __syncthreads(); }
  if (BLOCK >= 128) { if (t < 64) s[t] += s[t + 64]; __syncthreads(); }
  if (t < 32) warp_reduce<BLOCK>(s, t);
  if (t == 0) out[blockIdx.x] = s[0];
}
template __global__ void reduce6<512>(const float *, float *, unsigned);
template __global__ void reduce6<128>(const float *, float *, unsigned);
template __global__ void reduce6<32>(const float *, float *, unsigned);

__global__ void reduce_shfl(const double *in, double *out, int n) {
  __shared__ double warp_sums[32];
  double v = 0.0;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) v += in[i];
  for (int off = 16; off; off >>= 1) v += __shfl_down_sync(0xffffffffu, v, off);
  if ((threadIdx.x & 31) == 0) warp_sums[threadIdx.x >> 5] = v;
  __syncthreads();
  if (threadIdx.x < 32) {
    v = threadIdx.x < (blockDim.x >> 5) ? warp_sums[threadIdx.x] : 0.0;
    for (int off = 16; off; off >>= 1) v += __shfl_down_sync(0xffffffffu, v, off);
    if (threadIdx.x == 0) atomicAdd(out, v);
  }
}
