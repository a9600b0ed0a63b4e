// Warp votes: __ballot_sync, __any_sync, __all_sync, __activemask and __popc of ballots, in
// uniform code, inside divergent branches (where only the branch's lanes vote), and in a
// block whose last warp is partial (its missing lanes never vote).
#include "check.h"

__global__ void votes(const int *in, unsigned *out, int n) {
  int g = blockIdx.x * blockDim.x + threadIdx.x;
  int lane = threadIdx.x & 31;
  if (g >= n) return; // the last warp is partial
  int v = in[g];
  unsigned *o = out + g * 8;
  unsigned full = __activemask();
  o[0] = full;
  o[1] = __ballot_sync(full, v > 0);
  o[2] = __any_sync(full, v == 42);
  o[3] = __all_sync(full, v > -1000);
  if (lane % 3 == 0) {               // divergent: only lanes 0,3,6,... are here
    unsigned m = __activemask();
    o[4] = m;
    o[5] = __ballot_sync(m, v & 1);
    o[6] = __all_sync(m, v & 1);
  } else {
    unsigned m = __activemask();
    o[4] = m;
    o[5] = __popc(__ballot_sync(m, 1));
    o[6] = __any_sync(m, lane == 31);
  }
  o[7] = __ballot_sync(full, lane < 5) == (full & 0x1fu);
}

int main() {
  const int n = 200, threads = 64, blocks = (n + threads - 1) / threads;
  int h[n], *din;
  unsigned *dout;
  static unsigned res[n * 8];
  uint32_t seed = 3;
  for (int i = 0; i < n; i++) h[i] = (int)(check_rand(&seed) % 100) - 30;
  h[37] = 42;
  CUDA_CHECK(cudaMalloc(&din, sizeof h));
  CUDA_CHECK(cudaMalloc(&dout, sizeof res));
  CUDA_CHECK(cudaMemcpy(din, h, sizeof h, cudaMemcpyHostToDevice));
  votes<<<blocks, threads>>>(din, dout, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(res, dout, sizeof res, cudaMemcpyDeviceToHost));
  for (int w0 = 0; w0 < n; w0 += 32) {
    int lanes = n - w0 < 32 ? n - w0 : 32;
    unsigned full = lanes == 32 ? 0xffffffffu : (1u << lanes) - 1;
    unsigned pos = 0, odd3 = 0, m3 = 0;
    bool any42 = false, all_odd3 = true, has31 = false;
    for (int l = 0; l < lanes; l++) {
      int v = h[w0 + l];
      if (v > 0) pos |= 1u << l;
      if (v == 42) any42 = true;
      if (l % 3 == 0) {
        m3 |= 1u << l;
        if (v & 1) odd3 |= 1u << l;
        else all_odd3 = false;
      } else if (l == 31) {
        has31 = true;
      }
    }
    unsigned rest = full & ~m3;
    for (int l = 0; l < lanes; l++) {
      const unsigned *o = res + (w0 + l) * 8;
      EXPECT(o[0] == full, "warp at %d lane %d activemask %08x vs %08x", w0, l, o[0], full);
      EXPECT(o[1] == pos, "warp at %d lane %d ballot %08x vs %08x", w0, l, o[1], pos);
      EXPECT(o[2] == any42, "warp at %d lane %d any", w0, l);
      EXPECT(o[3] == 1, "warp at %d lane %d all", w0, l);
      if (l % 3 == 0) {
        EXPECT(o[4] == m3, "lane %d divergent activemask %08x vs %08x", w0 + l, o[4], m3);
        EXPECT(o[5] == odd3, "lane %d divergent ballot %08x vs %08x", w0 + l, o[5], odd3);
        EXPECT(o[6] == all_odd3, "lane %d divergent all", w0 + l);
      } else {
        EXPECT(o[4] == rest, "lane %d else activemask %08x vs %08x", w0 + l, o[4], rest);
        EXPECT(o[5] == (unsigned)__builtin_popcount(rest), "lane %d else popc %u", w0 + l, o[5]);
        EXPECT(o[6] == has31, "lane %d else any", w0 + l);
      }
      EXPECT(o[7] == 1, "lane %d ballot lane<5", w0 + l);
    }
  }
  return check_finish("warp_vote");
}
