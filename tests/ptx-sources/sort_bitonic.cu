// Bitonic sort in shared memory (key/value pairs) and the global-memory merge step,
// with direction computed from thread indices: data-dependent swaps under divergence.
__device__ inline void cmp_swap(unsigned &ka, unsigned &va, unsigned &kb, unsigned &vb, bool dir) {
  if ((ka > kb) == dir) {
    unsigned t = ka; ka = kb; kb = t;
    t = va; va = vb; vb = t;
  }
}

__global__ void bitonic_shared(unsigned *keys, unsigned *vals, unsigned len, bool ascending) {
  extern __shared__ unsigned sm[];
  unsigned *sk = sm, *sv = sm + len;
  unsigned base = blockIdx.x * len;
  for (unsigned t = threadIdx.x; t < len; t += blockDim.x) {
    sk[t] = keys[base + t];
    sv[t] = vals[base + t];
  }
  for (unsigned size = 2; size <= len; size <<= 1) {
    for (unsigned stride = size / 2; stride > 0; stride >>= 1) {
      __syncthreads();
      for (unsigned t = threadIdx.x; t < len / 2; t += blockDim.x) {
        unsigned pos = 2 * t - (t & (stride - 1));
        bool dir = ascending ^ ((t & (size / 2)) != 0);
        cmp_swap(sk[pos], sv[pos], sk[pos + stride], sv[pos + stride], dir);
      }
    }
  }
  __syncthreads();
  for (unsigned t = threadIdx.x; t < len; t += blockDim.x) {
    keys[base + t] = sk[t];
    vals[base + t] = sv[t];
  }
}

__global__ void bitonic_global(float *data, unsigned j, unsigned k) {
  unsigned i = blockIdx.x * blockDim.x + threadIdx.x, ixj = i ^ j;
  if (ixj > i) {
    float a = data[i], b = data[ixj];
    bool up = (i & k) == 0;
    if ((up && a > b) || (!up && a < b)) {
      data[i] = b;
      data[ixj] = a;
    }
  }
}
