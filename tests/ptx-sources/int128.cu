// Wide integers: long long arithmetic, __int128 multiply/divide/shift, __umul64hi and
// __mul64hi, add-with-carry chains written in C, and 128-bit comparisons.
__global__ void wide(const unsigned long long *a, const unsigned long long *b, unsigned long long *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  unsigned long long x = a[i], y = b[i];
  unsigned __int128 p = (unsigned __int128)x * y;
  __int128 s = (__int128)(long long)x * -(__int128)(long long)y;
  unsigned __int128 q = p / (y | 1);
  unsigned __int128 m = p % ((unsigned __int128)y + 3);
  unsigned __int128 sh = (p << (x & 63)) | (p >> 7);
  out[4 * i + 0] = (unsigned long long)(p >> 64) ^ __umul64hi(x, y);
  out[4 * i + 1] = (unsigned long long)s + (unsigned long long)__mul64hi((long long)x, (long long)y);
  out[4 * i + 2] = (unsigned long long)q + (unsigned long long)(m >> 3);
  out[4 * i + 3] = (unsigned long long)(sh >> 64) + (p > sh) + (s < 0);
}

__global__ void carry_chain(const unsigned *a, const unsigned *b, unsigned *out) {
  unsigned long long carry = 0;
  for (int k = 0; k < 8; k++) {
    unsigned long long t = (unsigned long long)a[k] + b[k] + carry;
    out[k] = (unsigned)t;
    carry = t >> 32;
  }
  long long sl = (long long)a[0] << 32 | b[0];
  out[8] = (unsigned)carry + (unsigned)(sl / -7) + (unsigned)(sl % 13) + (unsigned)(sl >> 40);
}
