// Float atomics built from atomicCAS, as codes written before native support do (and as
// HeCBench / CUDA samples show): atomicMax for float via __float_as_int + atomicCAS loop,
// atomicMin for float through the signed/unsigned integer ordering trick, double atomicAdd
// via atomicCAS on unsigned long long (the CUDA programming guide's example), and an
// argmax packing (value, index) into one 64-bit word.
#include "apps.h"

__device__ float atomicMaxFloat(float *address, float val) {
  int *address_as_int = (int *)address;
  int old = *address_as_int, assumed;
  do {
    assumed = old;
    if (__int_as_float(assumed) >= val) break;
    old = atomicCAS(address_as_int, assumed, __float_as_int(val));
  } while (assumed != old);
  return __int_as_float(old);
}

// Positive floats order like signed ints, negative ones reversed like unsigned ints.
__device__ float atomicMinFloat(float *addr, float value) {
  float old;
  old = (value >= 0) ? __int_as_float(atomicMin((int *)addr, __float_as_int(value)))
                     : __uint_as_float(atomicMax((unsigned int *)addr, __float_as_uint(value)));
  return old;
}

__device__ double atomicAddDouble(double *address, double val) {
  unsigned long long int *address_as_ull = (unsigned long long int *)address;
  unsigned long long int old = *address_as_ull, assumed;
  do {
    assumed = old;
    old = atomicCAS(address_as_ull, assumed, __double_as_longlong(val + __longlong_as_double(assumed)));
  } while (assumed != old);
  return __longlong_as_double(old);
}

// Larger value wins; on equal values the smaller index wins. Value must be >= 0 so that
// its bits order as an unsigned integer.
__device__ void atomicArgMax(unsigned long long *slot, float v, unsigned idx) {
  unsigned long long packed = ((unsigned long long)__float_as_uint(v) << 32) | (0xffffffffu - idx);
  atomicMax(slot, packed);
}

__global__ void stats(const float *x, int n, float *mx, float *mn, double *sum, unsigned long long *arg) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
    float v = x[i];
    atomicMaxFloat(mx, v);
    atomicMinFloat(mn, v);
    atomicAddDouble(sum, (double)v);
    atomicArgMax(arg, fabsf(v), i);
  }
}

int main() {
  const int n = 300000;
  float *h = (float *)malloc(n * 4);
  uint32_t seed = 99;
  float wmax = -INFINITY, wmin = INFINITY, wabs = -1;
  double wsum = 0;
  unsigned warg = 0;
  for (int i = 0; i < n; i++) {
    h[i] = (float)((int)(app_rand(&seed) % 2000001) - 1000000) / 1024.0f;  // exact sums in double
    wmax = fmaxf(wmax, h[i]);
    wmin = fminf(wmin, h[i]);
    wsum += h[i];
    if (fabsf(h[i]) > wabs) { wabs = fabsf(h[i]); warg = i; }
  }
  float *d, *dmx, *dmn;
  double *dsum;
  unsigned long long *darg;
  CUDA_CHECK(cudaMalloc(&d, n * 4));
  CUDA_CHECK(cudaMalloc(&dmx, 4));
  CUDA_CHECK(cudaMalloc(&dmn, 4));
  CUDA_CHECK(cudaMalloc(&dsum, 8));
  CUDA_CHECK(cudaMalloc(&darg, 8));
  CUDA_CHECK(cudaMemcpy(d, h, n * 4, cudaMemcpyHostToDevice));
  float ninf = -INFINITY, pinf = INFINITY;
  double zero = 0;
  unsigned long long zz = 0;
  CUDA_CHECK(cudaMemcpy(dmx, &ninf, 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dmn, &pinf, 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dsum, &zero, 8, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(darg, &zz, 8, cudaMemcpyHostToDevice));
  stats<<<96, 256>>>(d, n, dmx, dmn, dsum, darg);
  LAUNCH_CHECK();
  float gmx, gmn;
  double gsum;
  unsigned long long garg;
  CUDA_CHECK(cudaMemcpy(&gmx, dmx, 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(&gmn, dmn, 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(&gsum, dsum, 8, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(&garg, darg, 8, cudaMemcpyDeviceToHost));
  EXPECT(gmx == wmax, "max %f, want %f", gmx, wmax);
  EXPECT(gmn == wmin, "min %f, want %f", gmn, wmin);
  EXPECT(gsum == wsum, "sum %.6f, want %.6f", gsum, wsum);
  unsigned gi = 0xffffffffu - (unsigned)(garg & 0xffffffffu);
  float gv;
  unsigned bits = (unsigned)(garg >> 32);
  memcpy(&gv, &bits, 4);
  EXPECT(gi == warg && gv == wabs, "argmax |x| = %f at %u, want %f at %u", gv, gi, wabs, warg);
  cudaFree(d); cudaFree(dmx); cudaFree(dmn); cudaFree(dsum); cudaFree(darg); free(h);
  return app_finish("atomic_float_max");
}
