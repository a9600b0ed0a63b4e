// Built with --use_fast_math: flush-to-zero (.ftz) arithmetic and comparisons, approximate
// division, sqrt, sin/cos/exp/log (.approx), as many benchmarks are compiled.
// ROUNDTRIP: FLAGS --use_fast_math
__global__ void fast(const float *x, const float *y, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float a = x[i], b = y[i];
  float r = a / b + sqrtf(fabsf(a)) + 1.0f / sqrtf(fabsf(b) + 1.0f);
  r += sinf(a) * cosf(b) + expf(-a * a) + logf(fabsf(b) + 1.0f) + powf(fabsf(a), 0.75f) + tanf(a * 0.1f);
  r += fminf(a, b) - fmaxf(a, b) + fabsf(a - b) + (a < b ? a * b : a - b);
  r = r > 1e30f ? 0.0f : r;
  out[i] = __saturatef(r) + rintf(r) + r * r;
}

__global__ void fast_reduce(const float *x, float *out, int n) {
  __shared__ float s[256];
  float v = 0.0f;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) v += x[i] * x[i];
  s[threadIdx.x] = v;
  __syncthreads();
  for (int k = blockDim.x / 2; k > 0; k >>= 1) {
    if (threadIdx.x < k) s[threadIdx.x] += s[threadIdx.x + k];
    __syncthreads();
  }
  if (threadIdx.x == 0) out[blockIdx.x] = sqrtf(s[0]) / (float)n;
}
