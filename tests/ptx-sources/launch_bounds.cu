// Launch bounds and register limits: __launch_bounds__ with one and two arguments (the three-argument form is in clusters.cu),
// __maxnreg__, and kernels nvcc marks .maxntid/.minnctapersm/.maxnreg.
__global__ void __launch_bounds__(256) lb1(float *x) { x[blockIdx.x * 256 + threadIdx.x] *= 2.0f; }

__global__ void __launch_bounds__(128, 4) lb2(float *x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = sqrtf(x[i]);
}

__global__ void __launch_bounds__(1024, 1) lb3(int *x) { x[threadIdx.x] += blockDim.x; }

__global__ void __maxnreg__(32) limited_regs(const float *a, float *b) {
  int i = threadIdx.x;
  float r0 = a[i], r1 = a[i + 1], r2 = a[i + 2], r3 = a[i + 3];
  b[i] = r0 * r1 + r2 * r3 + r0 * r3 + r1 * r2;
}
