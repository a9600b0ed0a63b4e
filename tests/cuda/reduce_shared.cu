// Shared-memory tree reduction with __syncthreads inside the loop (sum of ints and floats,
// max of ints), over odd sizes and several block sizes, then a second pass over the partials.
#include "check.h"

template <typename T, typename Op>
__global__ void reduce(const T *in, T *out, int n, T identity, Op op) {
  extern __shared__ unsigned char smem[];
  T *s = (T *)smem;
  unsigned t = threadIdx.x;
  T v = identity;
  for (int i = blockIdx.x * blockDim.x + t; i < n; i += blockDim.x * gridDim.x) v = op(v, in[i]);
  s[t] = v;
  __syncthreads();
  for (unsigned stride = blockDim.x / 2; stride > 0; stride >>= 1) {
    if (t < stride) s[t] = op(s[t], s[t + stride]);
    __syncthreads();
  }
  if (t == 0) out[blockIdx.x] = s[0];
}

struct Add {
  template <typename T> __device__ T operator()(T a, T b) const { return a + b; }
};
struct Max {
  template <typename T> __device__ T operator()(T a, T b) const { return a > b ? a : b; }
};

template <typename T, typename Op>
static T device_reduce(const T *h, int n, int block, int grid, T identity, Op op) {
  T *din, *dpart, *dres, res;
  CUDA_CHECK(cudaMalloc(&din, n * sizeof(T)));
  CUDA_CHECK(cudaMalloc(&dpart, grid * sizeof(T)));
  CUDA_CHECK(cudaMalloc(&dres, sizeof(T)));
  CUDA_CHECK(cudaMemcpy(din, h, n * sizeof(T), cudaMemcpyHostToDevice));
  reduce<<<grid, block, block * sizeof(T)>>>(din, dpart, n, identity, op);
  LAUNCH_CHECK();
  reduce<<<1, block, block * sizeof(T)>>>(dpart, dres, grid, identity, op);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(&res, dres, sizeof(T), cudaMemcpyDeviceToHost));
  cudaFree(din);
  cudaFree(dpart);
  cudaFree(dres);
  return res;
}

int main() {
  const int n = 1000003;
  int *hi = (int *)malloc(n * 4);
  float *hf = (float *)malloc(n * 4);
  long long sum = 0;
  int mx = -1 << 30;
  double fsum = 0;
  uint32_t seed = 1;
  for (int i = 0; i < n; i++) {
    hi[i] = (int)(check_rand(&seed) % 2001) - 1000;
    hf[i] = (float)(hi[i] % 64); // small integers: every partial sum is exact in float
    sum += hi[i];
    mx = hi[i] > mx ? hi[i] : mx;
    fsum += hf[i];
  }
  int blocks[] = {32, 64, 128, 256, 512, 1024};
  for (int b : blocks) {
    int r = device_reduce(hi, n, b, 97, 0, Add());
    EXPECT(r == (int)sum, "int sum block %d: %d vs %lld", b, r, sum);
    int m = device_reduce(hi, n, b, 45, -1 << 30, Max());
    EXPECT(m == mx, "int max block %d: %d vs %d", b, m, mx);
    float f = device_reduce(hf, n, b, 60, 0.0f, Add());
    EXPECT(f == (float)fsum, "float sum block %d: %f vs %f", b, f, fsum);
  }
  free(hi);
  free(hf);
  return check_finish("reduce_shared");
}
