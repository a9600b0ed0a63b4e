// clock_nvrtc: each block times its own reduction with clock() and writes start and end
// times; on ptxvm the counter must be monotonic within a block (end >= start) and the
// reduction's result right. Compiled by NVRTC with the sample's options.
#include "drvapps_nvrtc.h"

static const char *src =
    "extern \"C\" __global__ void timedReduction(const float *input, float *output, clock_t *timer) {\n"
    "  extern __shared__ float shared[];\n"
    "  const int tid = threadIdx.x, bid = blockIdx.x;\n"
    "  if (tid == 0) timer[bid] = clock();\n"
    "  shared[tid] = input[tid];\n"
    "  shared[tid + blockDim.x] = input[tid + blockDim.x];\n"
    "  for (int d = blockDim.x; d > 0; d /= 2) {\n"
    "    __syncthreads();\n"
    "    if (tid < d) {\n"
    "      float f0 = shared[tid], f1 = shared[tid + d];\n"
    "      if (f1 < f0) shared[tid] = f1;\n"
    "    }\n"
    "  }\n"
    "  if (tid == 0) output[bid] = shared[0];\n"
    "  __syncthreads();\n"
    "  if (tid == 0) timer[bid + gridDim.x] = clock();\n"
    "}\n"
    "extern \"C\" __global__ void clock64Monotonic(long long *out) {\n"
    "  long long a = clock64(), b = clock64();\n"
    "  out[threadIdx.x] = b - a;\n"
    "}\n";

#define NUM_BLOCKS 64
#define NUM_THREADS 256

int main(void) {
  const char *opts[] = {"--gpu-architecture=compute_80", "-std=c++17"};
  char *ptx = nvrtc_ptx(src, "clock.cu", 2, opts);
  CUcontext ctx = drv_setup(NULL);
  CUmodule mod;
  CUfunction f, f64;
  CU(cuModuleLoadData(&mod, ptx));
  CU(cuModuleGetFunction(&f, mod, "timedReduction"));
  CU(cuModuleGetFunction(&f64, mod, "clock64Monotonic"));
  float input[NUM_THREADS * 2];
  for (int i = 0; i < NUM_THREADS * 2; i++) input[i] = (float)((i * 37) % 511) + 3;
  input[301] = -7.5f;
  CUdeviceptr din, dout, dtimer;
  CU(cuMemAlloc(&din, sizeof input));
  CU(cuMemAlloc(&dout, NUM_BLOCKS * 4));
  CU(cuMemAlloc(&dtimer, NUM_BLOCKS * 2 * sizeof(long)));
  CU(cuMemcpyHtoD(din, input, sizeof input));
  void *args[] = {&din, &dout, &dtimer};
  CU(cuLaunchKernel(f, NUM_BLOCKS, 1, 1, NUM_THREADS, 1, 1, 2 * NUM_THREADS * 4, NULL, args, NULL));
  long timer[NUM_BLOCKS * 2];
  float out[NUM_BLOCKS];
  CU(cuMemcpyDtoH(timer, dtimer, sizeof timer));
  CU(cuMemcpyDtoH(out, dout, sizeof out));
  double avg = 0;
  for (int i = 0; i < NUM_BLOCKS; i++) {
    EXPECT(out[i] == -7.5f);
    EXPECT(timer[i + NUM_BLOCKS] >= timer[i]);
    avg += (double)(timer[i + NUM_BLOCKS] - timer[i]);
  }
  printf("average clocks/block = %g\n", avg / NUM_BLOCKS);
  long long d64[32];
  CUdeviceptr dd;
  CU(cuMemAlloc(&dd, sizeof d64));
  void *args64[] = {&dd};
  CU(cuLaunchKernel(f64, 1, 1, 1, 32, 1, 1, 0, NULL, args64, NULL));
  CU(cuMemcpyDtoH(d64, dd, sizeof d64));
  for (int i = 0; i < 32; i++) EXPECT(d64[i] >= 0);
  CU(cuModuleUnload(mod));
  CU(cuCtxDestroy(ctx));
  free(ptx);
  return drv_finish();
}
