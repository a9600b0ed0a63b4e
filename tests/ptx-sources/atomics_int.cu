// Integer atomics on global and shared memory: add/sub/min/max/exch/inc/dec/and/or/xor/cas
// for int, unsigned, unsigned long long and long long.
// ROUNDTRIP: EXTRACT
// ROUNDTRIP: VARIANT -G
// ROUNDTRIP: VARIANT -lineinfo
__global__ void global_int_atomics(int *ci, unsigned *cu, unsigned long long *cull, long long *cll) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  atomicAdd(&ci[0], 1);
  atomicSub(&ci[1], 2);
  atomicMin(&ci[2], t - 100);
  atomicMax(&ci[3], t);
  atomicExch(&ci[4], t);
  atomicAnd(&ci[5], ~(1 << (t & 31)));
  atomicOr(&ci[6], 1 << (t & 31));
  atomicXor(&ci[7], t);
  atomicCAS(&ci[8], t - 1, t);
  atomicAdd(&cu[0], 3u);
  atomicInc(&cu[1], 17u);
  atomicDec(&cu[2], 9u);
  atomicMin(&cu[3], (unsigned)t);
  atomicMax(&cu[4], (unsigned)t);
  atomicAdd(&cull[0], 1ull << 33);
  atomicExch(&cull[1], (unsigned long long)t);
  atomicCAS(&cull[2], 0ull, (unsigned long long)t);
  atomicMin(&cull[3], (unsigned long long)t);
  atomicMax(&cull[4], (unsigned long long)t);
  atomicAnd(&cull[5], 0xFFFFFFFF0000FFFFull);
  atomicOr(&cull[6], 1ull << (t & 63));
  atomicXor(&cull[7], (unsigned long long)t * 0x9E3779B97F4A7C15ull);
  atomicMin(&cll[0], (long long)t - 1000);
  atomicMax(&cll[1], (long long)t);
  int old = atomicAdd(&ci[9], t);
  if (old > 1000000) ci[10] = old;
}

__global__ void shared_int_atomics(int *out) {
  __shared__ int s[8];
  __shared__ unsigned long long s64[2];
  if (threadIdx.x < 8) s[threadIdx.x] = 0;
  if (threadIdx.x < 2) s64[threadIdx.x] = 0;
  __syncthreads();
  int t = threadIdx.x;
  atomicAdd(&s[0], t);
  atomicMax(&s[1], t);
  atomicMin(&s[2], -t);
  atomicOr(&s[3], 1 << (t & 31));
  atomicXor(&s[4], t);
  atomicAnd(&s[5], t | 0xF0);
  atomicExch(&s[6], t);
  atomicInc((unsigned *)&s[7], 31u);
  atomicAdd(&s64[0], (unsigned long long)t << 20);
  atomicCAS(&s64[1], 0ull, (unsigned long long)t + 1);
  __syncthreads();
  if (t < 8) out[blockIdx.x * 10 + t] = s[t];
  if (t < 2) out[blockIdx.x * 10 + 8 + t] = (int)(s64[t] >> 20);
}
