// Modern reductions: warp shuffles (__shfl_down_sync, __shfl_xor_sync), cooperative groups
// (thread_block, tiled_partition<32>, cg::reduce with cg::plus and cg::greater), and a
// grid-stride loop finished by one atomicAdd per block, as in the CUDA samples
// reduction (reduce6/7) and HeCBench's reduce codes.
#include "apps.h"
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
namespace cg = cooperative_groups;

__inline__ __device__ float warpReduceSum(float val) {
  for (int offset = warpSize / 2; offset > 0; offset /= 2)
    val += __shfl_down_sync(0xffffffff, val, offset);
  return val;
}

__global__ void reduce_shfl(const float *in, float *out, int n) {
  static __shared__ float shared[32];
  int lane = threadIdx.x % warpSize, wid = threadIdx.x / warpSize;
  float sum = 0;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) sum += in[i];
  sum = warpReduceSum(sum);
  if (lane == 0) shared[wid] = sum;
  __syncthreads();
  sum = (threadIdx.x < blockDim.x / warpSize) ? shared[lane] : 0;
  if (wid == 0) sum = warpReduceSum(sum);
  if (threadIdx.x == 0) atomicAdd(out, sum);
}

// Butterfly with xor: every lane ends with the total.
__global__ void allreduce_xor(const int *in, int *out) {
  int v = in[blockIdx.x * blockDim.x + threadIdx.x];
  for (int m = 16; m > 0; m >>= 1) v += __shfl_xor_sync(0xffffffff, v, m);
  out[blockIdx.x * blockDim.x + threadIdx.x] = v;
}

__global__ void reduce_cg(const int *in, int *sum, int *maxv, int n) {
  cg::thread_block block = cg::this_thread_block();
  cg::thread_block_tile<32> tile = cg::tiled_partition<32>(block);
  __shared__ int ssum[32], smax[32];
  int s = 0, m = INT_MIN;
  for (int i = block.group_index().x * block.size() + block.thread_rank(); i < n;
       i += block.size() * gridDim.x) {
    s += in[i];
    m = max(m, in[i]);
  }
  s = cg::reduce(tile, s, cg::plus<int>());
  m = cg::reduce(tile, m, cg::greater<int>());
  if (tile.thread_rank() == 0) {
    ssum[tile.meta_group_rank()] = s;
    smax[tile.meta_group_rank()] = m;
  }
  block.sync();
  if (tile.meta_group_rank() == 0) {
    int k = tile.thread_rank();
    s = k < (int)tile.meta_group_size() ? ssum[k] : 0;
    m = k < (int)tile.meta_group_size() ? smax[k] : INT_MIN;
    s = cg::reduce(tile, s, cg::plus<int>());
    m = cg::reduce(tile, m, cg::greater<int>());
    if (tile.thread_rank() == 0) {
      atomicAdd(sum, s);
      atomicMax(maxv, m);
    }
  }
}

// tiled_partition<8>/<16> shuffles: smaller tiles reduce within themselves.
template <int T>
__global__ void tile_sums(const int *in, int *out) {
  cg::thread_block_tile<T> tile = cg::tiled_partition<T>(cg::this_thread_block());
  int v = in[blockIdx.x * blockDim.x + threadIdx.x];
  for (int o = T / 2; o > 0; o /= 2) v += tile.shfl_down(v, o);
  if (tile.thread_rank() == 0) out[(blockIdx.x * blockDim.x + threadIdx.x) / T] = v;
}

int main() {
  const int n = 1 << 20;
  float *hf = (float *)malloc(n * 4);
  int *hi = (int *)malloc(n * 4);
  uint32_t seed = 5;
  double wantf = 0;
  long long wanti = 0;
  int wantmax = INT_MIN;
  for (int i = 0; i < n; i++) {
    hf[i] = (float)(app_rand(&seed) % 1000) / 64.0f;  // exact in float: sums are order-free
    hi[i] = (int)(app_rand(&seed) % 20001) - 10000;
    wantf += hf[i];
    wanti += hi[i];
    wantmax = hi[i] > wantmax ? hi[i] : wantmax;
  }
  float *df, *dsumf;
  int *di, *dout, *dsum, *dmax;
  CUDA_CHECK(cudaMalloc(&df, n * 4));
  CUDA_CHECK(cudaMalloc(&di, n * 4));
  CUDA_CHECK(cudaMalloc(&dout, n * 4));
  CUDA_CHECK(cudaMalloc(&dsumf, 4));
  CUDA_CHECK(cudaMalloc(&dsum, 4));
  CUDA_CHECK(cudaMalloc(&dmax, 4));
  CUDA_CHECK(cudaMemcpy(df, hf, n * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(di, hi, n * 4, cudaMemcpyHostToDevice));

  CUDA_CHECK(cudaMemset(dsumf, 0, 4));
  reduce_shfl<<<120, 256>>>(df, dsumf, n);
  LAUNCH_CHECK();
  float gotf;
  CUDA_CHECK(cudaMemcpy(&gotf, dsumf, 4, cudaMemcpyDeviceToHost));
  // Values are multiples of 1/64 below 16; partial sums stay below 2^24/64 per ulp... the
  // total (~8e6) needs 23+6 bits, so allow rounding of the last partial sums.
  EXPECT(app_close(gotf, wantf, 0, 1e-6), "shuffle sum %f, want %f", gotf, wantf);

  allreduce_xor<<<n / 256, 256>>>(di, dout);
  LAUNCH_CHECK();
  int *hout = (int *)malloc(n * 4);
  CUDA_CHECK(cudaMemcpy(hout, dout, n * 4, cudaMemcpyDeviceToHost));
  for (int w = 0; w < n / 32; w++) {
    int s = 0;
    for (int l = 0; l < 32; l++) s += hi[w * 32 + l];
    for (int l = 0; l < 32; l++)
      EXPECT(hout[w * 32 + l] == s, "xor allreduce warp %d lane %d: %d, want %d", w, l, hout[w * 32 + l], s);
  }

  int init = INT_MIN;
  CUDA_CHECK(cudaMemset(dsum, 0, 4));
  CUDA_CHECK(cudaMemcpy(dmax, &init, 4, cudaMemcpyHostToDevice));
  reduce_cg<<<64, 512>>>(di, dsum, dmax, n);
  LAUNCH_CHECK();
  int gs, gm;
  CUDA_CHECK(cudaMemcpy(&gs, dsum, 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(&gm, dmax, 4, cudaMemcpyDeviceToHost));
  EXPECT(gs == (int)wanti, "cg sum %d, want %lld", gs, wanti);
  EXPECT(gm == wantmax, "cg max %d, want %d", gm, wantmax);

  const int m = 4096;
  tile_sums<8><<<m / 128, 128>>>(di, dout);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(hout, dout, m / 8 * 4, cudaMemcpyDeviceToHost));
  for (int t = 0; t < m / 8; t++) {
    int s = 0;
    for (int l = 0; l < 8; l++) s += hi[t * 8 + l];
    EXPECT(hout[t] == s, "tile<8> %d: %d, want %d", t, hout[t], s);
  }
  tile_sums<16><<<m / 64, 64>>>(di, dout);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(hout, dout, m / 16 * 4, cudaMemcpyDeviceToHost));
  for (int t = 0; t < m / 16; t++) {
    int s = 0;
    for (int l = 0; l < 16; l++) s += hi[t * 16 + l];
    EXPECT(hout[t] == s, "tile<16> %d: %d, want %d", t, hout[t], s);
  }
  cudaFree(df); cudaFree(di); cudaFree(dout); cudaFree(dsumf); cudaFree(dsum); cudaFree(dmax);
  free(hf); free(hi); free(hout);
  return app_finish("reduction_shfl_cg");
}
