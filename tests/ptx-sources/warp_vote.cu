// Warp votes and matches: __ballot_sync, __any_sync, __all_sync, __activemask,
// __match_any_sync/__match_all_sync, and the sm_80 __reduce_*_sync reductions.
// ROUNDTRIP: EXTRACT
__device__ unsigned lanemask_lt() {
  unsigned m;
  asm("mov.u32 %0, %%lanemask_lt;" : "=r"(m));
  return m;
}

__global__ void votes(const int *x, unsigned *out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int v = x[i];
  unsigned lane = threadIdx.x & 31;
  unsigned b = __ballot_sync(0xffffffffu, v > 0);
  int any = __any_sync(0xffffffffu, v == 7);
  int all = __all_sync(0xffffffffu, v >= 0);
  unsigned act = 0;
  if (v & 1) act = __activemask();
  unsigned m = __match_any_sync(0xffffffffu, v & 3);
  int pred;
  unsigned ma = __match_all_sync(0xffffffffu, v >> 8, &pred);
  unsigned m64 = __match_any_sync(0xffffffffu, (unsigned long long)v << 33);
  unsigned r = b ^ (any << 1) ^ (all << 2) ^ act ^ m ^ ma ^ pred ^ m64;
#if __CUDA_ARCH__ >= 800
  r += __reduce_add_sync(0xffffffffu, (unsigned)v);
  r += __reduce_min_sync(0xffffffffu, (unsigned)v);
  r += __reduce_max_sync(0xffffffffu, v);
  r += __reduce_and_sync(0xffffffffu, (unsigned)v);
  r += __reduce_or_sync(0xffffffffu, (unsigned)v);
  r += __reduce_xor_sync(0xffffffffu, (unsigned)v);
#endif
  if (lane < 8) {
    unsigned part = __ballot_sync(0xffu, v < 0);
    r += __popc(part);
  }
  out[i] = r + lanemask_lt() + (unsigned)__popc(__ballot_sync(0xffffffffu, 1));
}

__global__ void warp_count(const float *x, int *count, float thresh) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  unsigned mask = __ballot_sync(0xffffffffu, x[i] > thresh);
  int leader = __ffs(mask) - 1;
  if ((int)(threadIdx.x & 31) == leader) atomicAdd(count, __popc(mask));
  __syncwarp();
}
