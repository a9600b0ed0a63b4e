// A kernel meant for debug builds (-G): locals kept in memory, calls not inlined, and
// DWARF sections in the PTX; the round-trip also builds it with -lineinfo.
// ROUNDTRIP: VARIANT -G
// ROUNDTRIP: VARIANT -lineinfo
struct Accum {
  float sum;
  int count;
};

__device__ void accumulate(Accum *acc, float v) {
  acc->sum += v;
  acc->count++;
}

__device__ float mean(const Accum &acc) { return acc.count ? acc.sum / acc.count : 0.0f; }

__global__ void debug_kernel(const float *in, float *out, int n, int window) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  Accum acc = {0.0f, 0};
  for (int k = -window; k <= window; k++) {
    int j = i + k;
    if (j < 0 || j >= n) continue;
    accumulate(&acc, in[j]);
  }
  float m = mean(acc);
  switch (i % 4) {
  case 0: out[i] = m; break;
  case 1: out[i] = m * 2.0f; break;
  case 2: out[i] = -m; break;
  default: out[i] = in[i]; break;
  }
}
