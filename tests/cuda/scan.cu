// Prefix sums: a block-wide Hillis-Steele inclusive scan in shared memory (double-buffered,
// __syncthreads in the loop), a warp-level scan with __shfl_up_sync combined across warps
// through shared memory, and a three-kernel scan of a large array (block sums rescanned).
#include "check.h"

__global__ void block_scan(const int *in, int *out, int *block_sums, int n) {
  extern __shared__ int buf[]; // 2 * blockDim.x
  int t = threadIdx.x, g = blockIdx.x * blockDim.x + t;
  int *src = buf, *dst = buf + blockDim.x;
  src[t] = g < n ? in[g] : 0;
  __syncthreads();
  for (int off = 1; off < blockDim.x; off <<= 1) {
    dst[t] = src[t] + (t >= off ? src[t - off] : 0);
    __syncthreads();
    int *tmp = src;
    src = dst;
    dst = tmp;
  }
  if (g < n) out[g] = src[t];
  if (block_sums && t == blockDim.x - 1) block_sums[blockIdx.x] = src[t];
}

__global__ void warp_scan(const int *in, int *out, int n) {
  __shared__ int warp_tot[32];
  int t = threadIdx.x, g = blockIdx.x * blockDim.x + t, lane = t & 31, w = t >> 5;
  int v = g < n ? in[g] : 0;
  for (int d = 1; d < 32; d <<= 1) {
    int u = __shfl_up_sync(0xffffffffu, v, d);
    if (lane >= d) v += u;
  }
  if (lane == 31) warp_tot[w] = v;
  __syncthreads();
  if (w == 0) {
    int s = lane < blockDim.x / 32 ? warp_tot[lane] : 0;
    for (int d = 1; d < 32; d <<= 1) {
      int u = __shfl_up_sync(0xffffffffu, s, d);
      if (lane >= d) s += u;
    }
    warp_tot[lane] = s;
  }
  __syncthreads();
  if (w > 0) v += warp_tot[w - 1];
  if (g < n) out[g] = v;
}

__global__ void add_offsets(int *out, const int *scanned_sums, int n) {
  int g = blockIdx.x * blockDim.x + threadIdx.x;
  if (g < n && blockIdx.x > 0) out[g] += scanned_sums[blockIdx.x - 1];
}

int main() {
  const int n = 200001, B = 512, blocks = (n + B - 1) / B; // blocks <= 512
  int *h = (int *)malloc(n * 4), *r = (int *)malloc(n * 4), *want = (int *)malloc(n * 4);
  uint32_t seed = 21;
  for (int i = 0; i < n; i++) h[i] = (int)(check_rand(&seed) % 21) - 10;
  int *din, *dout, *dsums, *dsums2;
  CUDA_CHECK(cudaMalloc(&din, n * 4));
  CUDA_CHECK(cudaMalloc(&dout, n * 4));
  CUDA_CHECK(cudaMalloc(&dsums, blocks * 4));
  CUDA_CHECK(cudaMalloc(&dsums2, blocks * 4));
  CUDA_CHECK(cudaMemcpy(din, h, n * 4, cudaMemcpyHostToDevice));

  block_scan<<<blocks, B, 2 * B * sizeof(int)>>>(din, dout, dsums, n);
  block_scan<<<1, B, 2 * B * sizeof(int)>>>(dsums, dsums2, nullptr, blocks);
  add_offsets<<<blocks, B>>>(dout, dsums2, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, dout, n * 4, cudaMemcpyDeviceToHost));
  int s = 0;
  for (int i = 0; i < n; i++) want[i] = s += h[i];
  for (int i = 0; i < n; i++) EXPECT(r[i] == want[i], "full scan [%d] = %d vs %d", i, r[i], want[i]);

  warp_scan<<<blocks, B>>>(din, dout, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, dout, n * 4, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) { // each block scanned on its own
    int base = i / B * B, blockwant = want[i] - (base ? want[base - 1] : 0);
    EXPECT(r[i] == blockwant, "warp scan [%d] = %d vs %d", i, r[i], blockwant);
  }
  return check_finish("scan");
}
