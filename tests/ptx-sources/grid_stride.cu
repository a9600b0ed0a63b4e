// Grid-stride loops with size_t indices, vectorised float4 body plus scalar tail,
// and the 2D/3D grid index arithmetic of gridDim/blockIdx in all dimensions.
// ROUNDTRIP: EXTRACT
__global__ void axpy_stride(size_t n, float a, const float *x, float *y) {
  size_t stride = (size_t)blockDim.x * gridDim.x;
  size_t n4 = n / 4;
  const float4 *x4 = reinterpret_cast<const float4 *>(x);
  float4 *y4 = reinterpret_cast<float4 *>(y);
  for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += stride) {
    float4 xv = x4[i], yv = y4[i];
    y4[i] = make_float4(a * xv.x + yv.x, a * xv.y + yv.y, a * xv.z + yv.z, a * xv.w + yv.w);
  }
  for (size_t i = n4 * 4 + (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) y[i] = a * x[i] + y[i];
}

__global__ void index3d(int *out) {
  unsigned bid = blockIdx.x + blockIdx.y * gridDim.x + blockIdx.z * gridDim.x * gridDim.y;
  unsigned tid = threadIdx.x + threadIdx.y * blockDim.x + threadIdx.z * blockDim.x * blockDim.y;
  unsigned nthreads = blockDim.x * blockDim.y * blockDim.z;
  out[bid * nthreads + tid] = (int)(bid * 1000 + tid + warpSize);
}
