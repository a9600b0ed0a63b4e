// Loop unrolling: #pragma unroll with counts, full unroll of constant trip counts,
// #pragma unroll 1 (nounroll pragmas in the PTX), and loops with compile-time strides.
__global__ void unrolled(const float *in, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float acc[8];
#pragma unroll
  for (int k = 0; k < 8; k++) acc[k] = 0.0f;
#pragma unroll 4
  for (int k = 0; k < n; k++) acc[k & 7] += in[(i + k) % n];
  float s = 0.0f;
#pragma unroll 1
  for (int k = 0; k < 8; k++) s += acc[k] * k;
#pragma unroll 2
  for (int k = n - 1; k >= 0; k -= 3) s -= in[k];
  out[i] = s;
}

template <int N> __device__ float dot(const float *a, const float *b) {
  float s = 0.0f;
#pragma unroll
  for (int k = 0; k < N; k++) s += a[k] * b[k];
  return s;
}

__global__ void unrolled_dot(const float *a, const float *b, float *out) {
  int i = threadIdx.x;
  out[i] = dot<16>(a + i * 16, b) + dot<3>(a, b + i);
}
