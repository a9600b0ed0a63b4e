// Floating-point atomics: atomicAdd on float and double, a CAS loop building atomic max on
// float and atomic multiply on double, and a relaxed-result-unused reduction (red.add).
__device__ float atomic_max_float(float *addr, float v) {
  int *ia = (int *)addr;
  int old = *ia, assumed;
  do {
    assumed = old;
    if (__int_as_float(assumed) >= v) break;
    old = atomicCAS(ia, assumed, __float_as_int(v));
  } while (assumed != old);
  return __int_as_float(old);
}

__device__ double atomic_mul_double(double *addr, double v) {
  unsigned long long *ua = (unsigned long long *)addr;
  unsigned long long old = *ua, assumed;
  do {
    assumed = old;
    old = atomicCAS(ua, assumed, __double_as_longlong(__longlong_as_double(assumed) * v));
  } while (assumed != old);
  return __longlong_as_double(old);
}

__global__ void float_atomics(const float *x, float *fsum, double *dsum, float *fmax, double *dprod, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  atomicAdd(fsum, x[i]);                       // result unused: red.global.add.f32
  float prev = atomicAdd(fsum + 1, 1.0f);      // result used: atom.global.add.f32
  atomicAdd(dsum, (double)x[i]);
  double prevd = atomicAdd(dsum + 1, (double)prev);
  atomic_max_float(fmax, x[i]);
  atomic_mul_double(dprod, 1.0 + 1e-9 * prevd);
  atomicExch(fmax + 1, x[i]);
}

__global__ void shared_float_atomics(float *out) {
  __shared__ float sf;
  __shared__ double sd;
  if (threadIdx.x == 0) { sf = 0.0f; sd = 0.0; }
  __syncthreads();
  atomicAdd(&sf, 0.5f * threadIdx.x);
  atomicAdd(&sd, 0.25 * threadIdx.x);
  __syncthreads();
  if (threadIdx.x == 0) out[blockIdx.x] = sf + (float)sd;
}
