// Dynamic shared memory: extern __shared__ arrays of several types aliasing one buffer,
// carved into sub-arrays at run time, alongside static shared arrays.
// ROUNDTRIP: EXTRACT
__global__ void dyn_reverse(int *d, int n) {
  extern __shared__ int s[];
  int t = threadIdx.x;
  s[t] = d[blockIdx.x * n + t];
  __syncthreads();
  d[blockIdx.x * n + t] = s[n - t - 1];
}

__global__ void dyn_carve(const float *in, double *out, int nf, int nd) {
  extern __shared__ __align__(16) unsigned char raw[];
  float *fs = reinterpret_cast<float *>(raw);
  double *ds = reinterpret_cast<double *>(raw + ((nf * sizeof(float) + 15) & ~15));
  __shared__ int counter;
  if (threadIdx.x == 0) counter = 0;
  for (int k = threadIdx.x; k < nf; k += blockDim.x) fs[k] = in[blockIdx.x * nf + k];
  __syncthreads();
  for (int k = threadIdx.x; k < nd; k += blockDim.x) {
    ds[k] = (double)fs[k % nf] * 2.0;
    atomicAdd(&counter, 1);
  }
  __syncthreads();
  for (int k = threadIdx.x; k < nd; k += blockDim.x) out[blockIdx.x * nd + k] = ds[nd - 1 - k] + counter;
}

template <typename T> __device__ T *shared_as() {
  extern __shared__ __align__(sizeof(double)) unsigned char dyn_mem[];
  return reinterpret_cast<T *>(dyn_mem);
}

template <typename T> __global__ void dyn_template(T *data) {
  T *s = shared_as<T>();
  s[threadIdx.x] = data[threadIdx.x];
  __syncthreads();
  data[threadIdx.x] = s[(threadIdx.x + 1) % blockDim.x];
}
template __global__ void dyn_template<float>(float *);
template __global__ void dyn_template<double>(double *);
template __global__ void dyn_template<short>(short *);
