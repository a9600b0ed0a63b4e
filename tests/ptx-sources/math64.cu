// 64-bit integer math: 64-bit indices and pointer arithmetic, mul/mad wide, shifts by
// run-time counts, min/max/abs, comparisons, and conversions between 64-bit and floats.
__global__ void math_64(const long long *a, const unsigned long long *b, long long *out, double *dout, size_t n) {
  size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  long long x = a[i];
  unsigned long long y = b[i];
  long long r = x * (long long)y + (x << (y & 63)) + (x >> (y & 63)) + (long long)(y >> (x & 63));
  r += llabs(x) + llmin(x, (long long)y) + llmax(x, -5ll) + (long long)ullmin(y, 99ull) + (long long)ullmax(y, 7ull);
  r += (x < (long long)y) + (y > (unsigned long long)x) * 2 + (x == -1) * 4;
  r += (long long)((unsigned)x * (unsigned long long)(unsigned)y);
  r += (long long)__umul64hi(y, y) + __clzll(x) + __popcll(y);
  out[i] = r;
  dout[i] = (double)x + (double)y + (float)x + (float)y + (double)(r >> 11);
}

__global__ void big_index(float *data, unsigned long long base, unsigned long long stride) {
  unsigned long long idx = base + (unsigned long long)blockIdx.x * stride + threadIdx.x;
  data[idx] += 1.0f;
  data[idx + (1ull << 33)] = (float)idx;
}
