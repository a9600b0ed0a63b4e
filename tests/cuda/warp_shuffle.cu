// Warp shuffles: __shfl_sync (broadcast, arbitrary source, width 8), __shfl_up_sync
// (inclusive scan), __shfl_down_sync and __shfl_xor_sync (reductions), on ints, floats and
// doubles, with a block that is not a multiple of 32 threads... of full warps only, as the
// shuffles require all named lanes to be active.
#include "check.h"

__global__ void shuffles(const int *in, int *out, double *dout) {
  int lane = threadIdx.x & 31;
  int g = blockIdx.x * blockDim.x + threadIdx.x;
  int v = in[g];
  int *o = out + g * 8;
  o[0] = __shfl_sync(0xffffffffu, v, 5);                 // broadcast lane 5
  o[1] = __shfl_sync(0xffffffffu, v, (lane * 7 + 3) & 31); // permutation
  o[2] = __shfl_sync(0xffffffffu, v, lane + 1, 8);       // rotate within groups of 8
  int s = v;                                              // inclusive scan
  for (int d = 1; d < 32; d <<= 1) {
    int t = __shfl_up_sync(0xffffffffu, s, d);
    if (lane >= d) s += t;
  }
  o[3] = s;
  int r = v;                                              // tree sum to lane 0
  for (int d = 16; d > 0; d >>= 1) r += __shfl_down_sync(0xffffffffu, r, d);
  o[4] = r;
  int x = v;                                              // butterfly: every lane has the max
  for (int d = 16; d > 0; d >>= 1) x = max(x, __shfl_xor_sync(0xffffffffu, x, d));
  o[5] = x;
  float f = (float)v;
  for (int d = 1; d < 32; d <<= 1) f += __shfl_xor_sync(0xffffffffu, f, d);
  o[6] = (int)f;
  o[7] = __shfl_down_sync(0xffffffffu, v, 3);            // lanes 29..31 keep their own
  double dv = v * 0.5;
  for (int d = 16; d > 0; d >>= 1) dv += __shfl_xor_sync(0xffffffffu, dv, d);
  dout[g] = dv;
}

int main() {
  const int blocks = 3, threads = 96, n = blocks * threads;
  int h[n], *din, *dout;
  double *dd, hd[n];
  static int res[n * 8];
  uint32_t seed = 7;
  for (int i = 0; i < n; i++) h[i] = (int)(check_rand(&seed) % 1000) - 500;
  CUDA_CHECK(cudaMalloc(&din, sizeof h));
  CUDA_CHECK(cudaMalloc(&dout, sizeof res));
  CUDA_CHECK(cudaMalloc(&dd, sizeof hd));
  CUDA_CHECK(cudaMemcpy(din, h, sizeof h, cudaMemcpyHostToDevice));
  shuffles<<<blocks, threads>>>(din, dout, dd);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(res, dout, sizeof res, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(hd, dd, sizeof hd, cudaMemcpyDeviceToHost));
  for (int w = 0; w < n / 32; w++) {
    const int *v = h + w * 32;
    int sum = 0, mx = -1000;
    for (int l = 0; l < 32; l++) sum += v[l], mx = v[l] > mx ? v[l] : mx;
    int scan = 0;
    for (int l = 0; l < 32; l++) {
      const int *o = res + (w * 32 + l) * 8;
      scan += v[l];
      EXPECT(o[0] == v[5], "warp %d lane %d broadcast %d", w, l, o[0]);
      EXPECT(o[1] == v[(l * 7 + 3) & 31], "warp %d lane %d permute %d", w, l, o[1]);
      EXPECT(o[2] == v[(l & ~7) | ((l + 1) & 7)], "warp %d lane %d width-8 %d", w, l, o[2]);
      EXPECT(o[3] == scan, "warp %d lane %d scan %d vs %d", w, l, o[3], scan);
      if (l == 0) EXPECT(o[4] == sum, "warp %d down-sum %d vs %d", w, o[4], sum);
      EXPECT(o[5] == mx, "warp %d lane %d xor-max %d vs %d", w, l, o[5], mx);
      EXPECT(o[6] == sum, "warp %d lane %d xor-sum float %d vs %d", w, l, o[6], sum);
      EXPECT(o[7] == (l + 3 < 32 ? v[l + 3] : v[l]), "warp %d lane %d down-3 %d", w, l, o[7]);
      EXPECT(hd[w * 32 + l] == sum * 0.5, "warp %d lane %d double sum %g", w, l, hd[w * 32 + l]);
    }
  }
  return check_finish("warp_shuffle");
}
