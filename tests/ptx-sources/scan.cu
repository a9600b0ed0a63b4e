// Prefix sums: Blelloch work-efficient scan in shared memory with bank-conflict padding,
// a warp-shuffle inclusive scan, and the decoupled add-back of block totals.
#define LOG_BANKS 5
#define PAD(i) ((i) >> LOG_BANKS)

__global__ void blelloch(const int *in, int *out, int *block_sums, int n) {
  extern __shared__ int temp[];
  int t = threadIdx.x, offset = 1, base = blockIdx.x * 2 * blockDim.x;
  int ai = t, bi = t + blockDim.x;
  temp[ai + PAD(ai)] = base + ai < n ? in[base + ai] : 0;
  temp[bi + PAD(bi)] = base + bi < n ? in[base + bi] : 0;
  for (int d = blockDim.x; d > 0; d >>= 1) {
    __syncthreads();
    if (t < d) {
      int a = offset * (2 * t + 1) - 1, b = offset * (2 * t + 2) - 1;
      temp[b + PAD(b)] += temp[a + PAD(a)];
    }
    offset <<= 1;
  }
  if (t == 0) {
    int last = 2 * blockDim.x - 1;
    block_sums[blockIdx.x] = temp[last + PAD(last)];
    temp[last + PAD(last)] = 0;
  }
  for (int d = 1; d < 2 * (int)blockDim.x; d <<= 1) {
    offset >>= 1;
    __syncthreads();
    if (t < d) {
      int a = offset * (2 * t + 1) - 1, b = offset * (2 * t + 2) - 1;
      int x = temp[a + PAD(a)];
      temp[a + PAD(a)] = temp[b + PAD(b)];
      temp[b + PAD(b)] += x;
    }
  }
  __syncthreads();
  if (base + ai < n) out[base + ai] = temp[ai + PAD(ai)];
  if (base + bi < n) out[base + bi] = temp[bi + PAD(bi)];
}

__global__ void add_block_sums(int *out, const int *sums, int n) {
  int i = blockIdx.x * 2 * blockDim.x + threadIdx.x;
  int add = sums[blockIdx.x];
  if (i < n) out[i] += add;
  if (i + blockDim.x < n) out[i + blockDim.x] += add;
}

__global__ void warp_scan(const float *in, float *out) {
  __shared__ float warp_tot[32];
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  float v = in[blockIdx.x * blockDim.x + threadIdx.x];
#pragma unroll
  for (int o = 1; o < 32; o <<= 1) {
    float y = __shfl_up_sync(0xffffffffu, v, o);
    if (lane >= o) v += y;
  }
  if (lane == 31) warp_tot[warp] = v;
  __syncthreads();
  if (warp == 0) {
    float w = lane < (int)(blockDim.x >> 5) ? warp_tot[lane] : 0.f;
    for (int o = 1; o < 32; o <<= 1) {
      float y = __shfl_up_sync(0xffffffffu, w, o);
      if (lane >= o) w += y;
    }
    warp_tot[lane] = w;
  }
  __syncthreads();
  if (warp > 0) v += warp_tot[warp - 1];
  out[blockIdx.x * blockDim.x + threadIdx.x] = v;
}
