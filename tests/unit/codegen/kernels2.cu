#include <cstdint>
__global__ void warpops(const int *in, int *out) {
  int t = threadIdx.x, l = t & 31, w = t >> 5;
  int v = in[t];
  int *o = out + t * 12;
  o[0] = __shfl_up_sync(0xffffffff, v, 3);
  o[1] = __shfl_xor_sync(0xffffffff, v, 5);
  o[2] = __shfl_sync(0xffffffff, v, 7);
  o[3] = __shfl_down_sync(0xffffffff, v, 2, 8);
  o[4] = __all_sync(0xffffffff, v > 0);
  o[5] = __any_sync(0xffffffff, v == 17);
  o[6] = __ballot_sync(0xffffffff, v & 1);
  o[7] = __match_any_sync(0xffffffff, v % 3);
  o[8] = __reduce_add_sync(0xffffffff, v);
  o[9] = __reduce_max_sync(0xffffffff, v);
  unsigned m = 0;
  if (l & 1) m = __activemask();
  o[10] = m;
  o[11] = __popc(__ballot_sync(0xffffffff, l < w + 3));
}
__global__ void atoms(int *a, unsigned *u, unsigned long long *ull, double *d) {
  int t = threadIdx.x + blockIdx.x * blockDim.x;
  atomicSub(&a[0], 2);
  atomicMin(&a[1], 1000 - t);
  atomicExch(&a[2], 7);
  atomicCAS(&a[3], t, t + 1);
  atomicInc(&u[0], 9);
  atomicDec(&u[1], 5);
  atomicAnd(&u[2], ~(1u << (t & 31)));
  atomicOr(&u[3], 1u << (t & 31));
  atomicXor(&u[4], t);
  atomicAdd(&ull[0], (unsigned long long)t << 33);
  atomicMax(&ull[1], (unsigned long long)t * 3);
  atomicAdd(&d[0], 0.25);
  __shared__ int s[4];
  if (threadIdx.x < 4) s[threadIdx.x] = 0;
  __syncthreads();
  atomicAdd(&s[t & 3], 1);
  __syncthreads();
  if (threadIdx.x < 4) atomicAdd(&a[4 + threadIdx.x], s[threadIdx.x]);
}
__global__ void barred(const int *in, int *out) {
  int v = in[threadIdx.x];
  int c = __syncthreads_count(v > 10);
  int a = __syncthreads_and(v >= 0);
  int o = __syncthreads_or(v == 42);
  out[threadIdx.x] = c * 100 + a * 10 + o;
}
__global__ void switchy(const int *in, int *out) {
  int v = in[threadIdx.x], r;
  switch (v & 7) {
  case 0: r = v * 2; break;
  case 1: r = v + 100; break;
  case 2: r = -v; break;
  case 3: r = v ^ 0x55; break;
  case 4: r = v << 3; break;
  case 5: r = v / 3; break;
  case 6: r = v % 5; break;
  default: r = 12345;
  }
  out[threadIdx.x] = r;
}
