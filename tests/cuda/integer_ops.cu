// Integer intrinsics and arithmetic edge cases against host references: __popc/__popcll,
// __clz/__clzll, __ffs/__ffsll, __brev, __byte_perm, __mulhi/__umulhi/__mul64hi, __mul24,
// __sad, __funnelshift_l/r (shift & 31), division and remainder with negative operands, INT_MIN / -1
// avoided (undefined in C++), shifts by variable counts, 64-bit multiply and division.
#include "check.h"

#define NOPS 20

__host__ __device__ static unsigned brev_ref(unsigned x) {
  unsigned r = 0;
  for (int i = 0; i < 32; i++) r |= ((x >> i) & 1u) << (31 - i);
  return r;
}

__device__ void ops_dev(unsigned a, unsigned b, long long *o) {
  int sa = (int)a, sb = (int)b;
  unsigned long long la = (unsigned long long)a * 0x9e3779b9ull + b;
  o[0] = __popc(a);
  o[1] = __popcll(la);
  o[2] = __clz(a);
  o[3] = __clzll(la);
  o[4] = __ffs(sa);
  o[5] = __ffsll((long long)la);
  o[6] = __brev(a);
  o[7] = __byte_perm(a, b, 0x5140 + (b & 0x3));
  o[8] = __mulhi(sa, sb);
  o[9] = __umulhi(a, b);
  o[10] = (long long)__umul64hi(la, la ^ 0xdeadbeefcafef00dull);
  o[11] = __mul24(sa & 0x7fffff, sb & 0x3fffff);
  o[12] = __sad(sa, sb, 7u);
  o[13] = __funnelshift_l(a, b, b & 63);
  o[14] = __funnelshift_r(a, b, a & 63);
  o[15] = sb != 0 && !(sa == INT32_MIN && sb == -1) ? sa / sb : 0;
  o[16] = sb != 0 && !(sa == INT32_MIN && sb == -1) ? sa % sb : 0;
  o[17] = (sa >> (b & 31)) ^ (int)(a << (a & 31)) ^ (int)(a >> (b & 31));
  o[18] = (long long)(la * (la >> 7));
  o[19] = (b | 1) ? (long long)(la / (b | 1)) + (long long)(la % (b | 1)) : 0;
}

__global__ void ops(const unsigned *in, long long *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) ops_dev(in[2 * i], in[2 * i + 1], out + (size_t)i * NOPS);
}

static void ops_host(unsigned a, unsigned b, long long *o) {
  int sa = (int)a, sb = (int)b;
  unsigned long long la = (unsigned long long)a * 0x9e3779b9ull + b;
  o[0] = __builtin_popcount(a);
  o[1] = __builtin_popcountll(la);
  o[2] = a ? __builtin_clz(a) : 32;
  o[3] = la ? __builtin_clzll(la) : 64;
  o[4] = __builtin_ffs(sa);
  o[5] = __builtin_ffsll((long long)la);
  o[6] = brev_ref(a);
  unsigned sel = 0x5140 + (b & 0x3), r = 0;
  unsigned long long bytes = ((unsigned long long)b << 32) | a;
  for (int k = 0; k < 4; k++) r |= (unsigned)((bytes >> (((sel >> (4 * k)) & 7) * 8)) & 0xff) << (8 * k);
  o[7] = r;
  o[8] = (int)(((long long)sa * sb) >> 32);
  o[9] = (unsigned)(((unsigned long long)a * b) >> 32);
  o[10] = (long long)(unsigned long long)(((unsigned __int128)la * (la ^ 0xdeadbeefcafef00dull)) >> 64);
  o[11] = (int)(unsigned)((long long)(sa & 0x7fffff) * (sb & 0x3fffff)); // low 32 bits
  o[12] = (sa > sb ? (unsigned)sa - (unsigned)sb : (unsigned)sb - (unsigned)sa) + 7u;
  unsigned long long cat = ((unsigned long long)b << 32) | a;
  unsigned sl = b & 31, sr = a & 31; // __funnelshift_l/r shift by (shift & 31)
  o[13] = (unsigned)((cat << sl) >> 32);
  o[14] = (unsigned)(cat >> sr);
  o[15] = sb != 0 && !(sa == INT32_MIN && sb == -1) ? sa / sb : 0;
  o[16] = sb != 0 && !(sa == INT32_MIN && sb == -1) ? sa % sb : 0;
  o[17] = (sa >> (b & 31)) ^ (int)(a << (a & 31)) ^ (int)(a >> (b & 31));
  o[18] = (long long)(la * (la >> 7));
  o[19] = (long long)(la / (b | 1)) + (long long)(la % (b | 1));
}

int main() {
  const int n = 20000;
  unsigned *in = (unsigned *)malloc(n * 8);
  uint32_t seed = 1;
  for (int i = 0; i < 2 * n; i++) in[i] = check_rand(&seed) * 257u ^ (check_rand(&seed) << 20);
  unsigned edge[] = {0, 1, 0xffffffffu, 0x80000000u, 0x7fffffffu, 31, 32, 33, 63, 64};
  for (int i = 0; i < 10; i++)
    for (int j = 0; j < 10; j++) in[2 * (i * 10 + j)] = edge[i], in[2 * (i * 10 + j) + 1] = edge[j];
  unsigned *din;
  long long *dout, *out = (long long *)malloc((size_t)n * NOPS * 8);
  CUDA_CHECK(cudaMalloc(&din, n * 8));
  CUDA_CHECK(cudaMalloc(&dout, (size_t)n * NOPS * 8));
  CUDA_CHECK(cudaMemcpy(din, in, n * 8, cudaMemcpyHostToDevice));
  ops<<<(n + 127) / 128, 128>>>(din, dout, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(out, dout, (size_t)n * NOPS * 8, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    long long want[NOPS];
    ops_host(in[2 * i], in[2 * i + 1], want);
    for (int k = 0; k < NOPS; k++)
      EXPECT(out[(size_t)i * NOPS + k] == want[k], "op %d (a=%08x b=%08x): %llx vs %llx", k, in[2 * i],
             in[2 * i + 1], (unsigned long long)out[(size_t)i * NOPS + k], (unsigned long long)want[k]);
  }
  return check_finish("integer_ops");
}
