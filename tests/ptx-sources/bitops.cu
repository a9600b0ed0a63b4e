// Bit manipulation intrinsics: __popc/__popcll, __clz/__clzll, __brev/__brevll,
// __ffs/__ffsll, __byte_perm, __funnelshift_l/r/lc/rc, __sad/__usad, __mulhi/__umulhi,
// __hadd/__rhadd, __vabsdiffu4 SIMD-in-a-word, and bfind/bfi through asm.
__global__ void bits(const unsigned *a, const unsigned long long *b, unsigned *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  unsigned x = a[i], y = a[(i + 1) % n];
  unsigned long long z = b[i];
  unsigned r = __popc(x) + __popcll(z) + __clz(x) + __clzll(z) + __ffs(x) + __ffsll(z);
  r ^= __brev(x) ^ (unsigned)__brevll(z);
  r += __byte_perm(x, y, 0x5140) + __byte_perm(x, y, i & 0x7777);
  r += __funnelshift_l(x, y, i) + __funnelshift_r(x, y, i) + __funnelshift_lc(x, y, i) + __funnelshift_rc(x, y, 40);
  r += __sad((int)x, (int)y, 5u) + __usad(x, y, 7u);
  r += __mulhi((int)x, (int)y) + __umulhi(x, y) + __hadd((int)x, (int)y) + __rhadd((int)x, (int)y) + __uhadd(x, y) + __urhadd(x, y);
  r += __vabsdiffu4(x, y) + __vadd4(x, y) + __vcmpgtu2(x, y) + __vmaxs4(x, y) + __vsub2(x, y);
  unsigned msb, ins;
  asm("bfind.u32 %0, %1;" : "=r"(msb) : "r"(x));
  asm("bfi.b32 %0, %1, %2, %3, %4;" : "=r"(ins) : "r"(y), "r"(x), "r"(8u), "r"(4u));
  unsigned rot = (x << (i & 31)) | (x >> ((32 - (i & 31)) & 31));
  out[i] = r + msb + ins + rot + (x & -x) + (x >> 3) + ((int)x >> 5) + (unsigned)(z >> 61);
}

__global__ void bit_loops(const unsigned long long *in, int *out) {
  unsigned long long v = in[threadIdx.x];
  int count = 0;
  while (v) {
    v &= v - 1;
    count++;
  }
  out[threadIdx.x] = count + __popcll(in[threadIdx.x] ^ (in[threadIdx.x] >> 1)) + (int)(in[threadIdx.x] % 255);
}
