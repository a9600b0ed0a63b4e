// Integer division and remainder by run-time values: signed and unsigned, 32 and 64 bit,
// by zero-free denominators read from memory, mixed with div/mod by constants and powers of two.
__global__ void divmod(const int *a, const int *b, int *q, int *r, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  int x = a[i], y = b[i] | 1;
  q[i] = x / y + x / 7 + x / 16 + x / -3;
  r[i] = x % y + x % 7 + x % 16 + x % -3;
}

__global__ void udivmod(const unsigned *a, const unsigned *b, unsigned *q, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  unsigned x = a[i], y = b[i] | 1u;
  q[i] = x / y + (x % y) * 3u + x / 10u + x % 1000u + x / 1024u;
}

__global__ void divmod64(const long long *a, const long long *b, long long *q, unsigned long long *uq, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  long long x = a[i], y = b[i] | 1;
  unsigned long long ux = (unsigned long long)x, uy = (unsigned long long)y;
  q[i] = x / y + x % y + x / 1000000007ll + x % 3;
  uq[i] = ux / uy + ux % uy + ux / 10ull;
}

__global__ void index_math(int *out, int width, int height) {
  int gid = blockIdx.x * blockDim.x + threadIdx.x;
  int x = gid % width, y = (gid / width) % height, z = gid / (width * height);
  out[gid] = x + y * 1000 + z * 1000000;
}
