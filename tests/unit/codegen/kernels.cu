__global__ void vecAdd(const float *a, const float *b, float *c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}
__global__ void saxpy(int n, float a, const float *x, float *y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}
__global__ void reduce(const float *in, float *out, int n) {
  __shared__ float s[256];
  int t = threadIdx.x;
  int i = blockIdx.x * blockDim.x + t;
  s[t] = i < n ? in[i] : 0.0f;
  __syncthreads();
  for (int k = blockDim.x / 2; k > 0; k >>= 1) {
    if (t < k) s[t] += s[t + k];
    __syncthreads();
  }
  if (t == 0) out[blockIdx.x] = s[0];
}
__device__ int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
__global__ void divergent(int *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  int acc = 0;
  for (int k = 0; k < (i % 7); k++) {
    if (k & 1) acc += k * 3; else acc -= i;
    if (acc > 100) break;
  }
  out[i] = acc + fib(i % 10);
}
__global__ void warpsum(const int *in, int *out) {
  int v = in[threadIdx.x];
  for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffff, v, o);
  unsigned b = __ballot_sync(0xffffffff, in[threadIdx.x] & 1);
  if ((threadIdx.x & 31) == 0) { out[threadIdx.x / 32] = v; out[8 + threadIdx.x / 32] = b; }
}
__global__ void atomics(int *cnt, unsigned *mx, float *fs) {
  atomicAdd(cnt, 1);
  atomicMax(mx, threadIdx.x * 7 % 100);
  atomicAdd(fs, 0.5f);
}
