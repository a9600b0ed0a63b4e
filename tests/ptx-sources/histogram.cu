// Histograms: per-block privatised bins in shared memory with atomics, byte unpacking of
// uint4 loads, and a merge into global bins; the 256-bin pattern of the CUDA samples.
__global__ void hist256(const uint4 *data, unsigned *bins, int n4) {
  __shared__ unsigned local[256];
  for (int k = threadIdx.x; k < 256; k += blockDim.x) local[k] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += blockDim.x * gridDim.x) {
    uint4 v = data[i];
    unsigned w[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
    for (int k = 0; k < 4; k++) {
      atomicAdd(&local[w[k] & 0xff], 1u);
      atomicAdd(&local[(w[k] >> 8) & 0xff], 1u);
      atomicAdd(&local[(w[k] >> 16) & 0xff], 1u);
      atomicAdd(&local[w[k] >> 24], 1u);
    }
  }
  __syncthreads();
  for (int k = threadIdx.x; k < 256; k += blockDim.x)
    if (local[k]) atomicAdd(&bins[k], local[k]);
}

__global__ void hist_float(const float *x, int *bins, int n, float lo, float hi, int nbins) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float f = (x[i] - lo) / (hi - lo);
  int b = min(max((int)(f * nbins), 0), nbins - 1);
  atomicAdd(&bins[b], 1);
}
