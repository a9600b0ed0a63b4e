// Tiled SGEMM/DGEMM: shared-memory tiles, register blocking with float4 loads, and a
// naive reference kernel; the pattern nearly every benchmark suite contains.
// ROUNDTRIP: VARIANT -lineinfo
template <typename T, int TS>
__global__ void gemm_tiled(const T *A, const T *B, T *C, int M, int N, int K, T alpha, T beta) {
  __shared__ T As[TS][TS];
  __shared__ T Bs[TS][TS + 1];
  int row = blockIdx.y * TS + threadIdx.y, col = blockIdx.x * TS + threadIdx.x;
  T acc = 0;
  for (int k0 = 0; k0 < K; k0 += TS) {
    As[threadIdx.y][threadIdx.x] = (row < M && k0 + threadIdx.x < K) ? A[row * K + k0 + threadIdx.x] : T(0);
    Bs[threadIdx.y][threadIdx.x] = (col < N && k0 + threadIdx.y < K) ? B[(k0 + threadIdx.y) * N + col] : T(0);
    __syncthreads();
#pragma unroll
    for (int k = 0; k < TS; k++) acc += As[threadIdx.y][k] * Bs[k][threadIdx.x];
    __syncthreads();
  }
  if (row < M && col < N) C[row * N + col] = alpha * acc + beta * C[row * N + col];
}
template __global__ void gemm_tiled<float, 16>(const float *, const float *, float *, int, int, int, float, float);
template __global__ void gemm_tiled<double, 8>(const double *, const double *, double *, int, int, int, double, double);

__global__ void sgemm_reg4(const float4 *A, const float *B, float4 *C, int N, int K) {
  int row = blockIdx.y * blockDim.y + threadIdx.y, col4 = blockIdx.x * blockDim.x + threadIdx.x;
  float4 acc = make_float4(0, 0, 0, 0);
  for (int k = 0; k < K; k++) {
    float a = B[row * K + k];
    float4 b = A[k * (N / 4) + col4];
    acc.x += a * b.x;
    acc.y += a * b.y;
    acc.z += a * b.z;
    acc.w += a * b.w;
  }
  C[row * (N / 4) + col4] = acc;
}

__global__ void gemm_naive(const float *A, const float *B, float *C, int N) {
  int r = blockIdx.y * blockDim.y + threadIdx.y, c = blockIdx.x * blockDim.x + threadIdx.x;
  if (r >= N || c >= N) return;
  float s = 0;
  for (int k = 0; k < N; k++) s += A[r * N + k] * B[k * N + c];
  C[r * N + c] = s;
}
