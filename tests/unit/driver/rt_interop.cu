// Runtime and driver API in one program (nvcc -cudart shared -lcuda): the runtime works
// in the device's primary context, which the driver API sees as current; memory and
// modules are shared between the two.
#include <cstdio>
#include <cuda.h>
#include <cuda_runtime.h>

__global__ void add(int *p, int v) { p[threadIdx.x] += v; }

static int failures;
#define EXPECT(cond)                                                                      \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond);                \
      failures++;                                                                         \
    }                                                                                     \
  } while (0)

int main() {
  EXPECT(cudaFree(0) == cudaSuccess); // creates the runtime's context
  CUcontext cur = nullptr, primary = nullptr;
  EXPECT(cuCtxGetCurrent(&cur) == CUDA_SUCCESS && cur != nullptr);
  EXPECT(cuDevicePrimaryCtxRetain(&primary, 0) == CUDA_SUCCESS && primary == cur);
  unsigned flags = 0;
  int active = 0;
  EXPECT(cuDevicePrimaryCtxGetState(0, &flags, &active) == CUDA_SUCCESS && active == 1);

  // Runtime memory through the driver, driver memory through the runtime.
  int *rt_mem = nullptr;
  EXPECT(cudaMalloc(&rt_mem, 32 * sizeof(int)) == cudaSuccess);
  int h[32];
  for (int i = 0; i < 32; i++) h[i] = i;
  EXPECT(cuMemcpyHtoD((CUdeviceptr)rt_mem, h, sizeof h) == CUDA_SUCCESS);
  CUdeviceptr drv_mem = 0;
  EXPECT(cuMemAlloc(&drv_mem, sizeof h) == CUDA_SUCCESS);
  EXPECT(cudaMemcpy((void *)drv_mem, rt_mem, sizeof h, cudaMemcpyDeviceToDevice) == cudaSuccess);
  add<<<1, 32>>>((int *)drv_mem, 10);
  cudaError_t e = cudaGetLastError();
  if (e == cudaErrorNotSupported) {
    printf("PTXVM_TEST_SKIPPED: %s\n", cudaGetErrorName(e));
    return 0;
  }
  EXPECT(e == cudaSuccess);
  EXPECT(cuCtxSynchronize() == CUDA_SUCCESS);
  EXPECT(cuMemcpyDtoH(h, drv_mem, sizeof h) == CUDA_SUCCESS && h[31] == 41);
  CUdeviceptr base = 0;
  size_t size = 0;
  EXPECT(cuMemGetAddressRange(&base, &size, (CUdeviceptr)(rt_mem + 5)) == CUDA_SUCCESS &&
         base == (CUdeviceptr)rt_mem && size == sizeof h);
  // The runtime's kernel as a driver function.
  cudaFunction_t fn = nullptr;
  EXPECT(cudaGetFuncBySymbol(&fn, (const void *)add) == cudaSuccess && fn != nullptr);
  int v = 1;
  void *args[] = {&drv_mem, &v};
  EXPECT(cuLaunchKernel((CUfunction)fn, 1, 1, 1, 32, 1, 1, 0, nullptr, args, nullptr) == CUDA_SUCCESS);
  EXPECT(cuMemcpyDtoH(h, drv_mem, sizeof h) == CUDA_SUCCESS && h[0] == 11);
  EXPECT(cuMemFree(drv_mem) == CUDA_SUCCESS);
  EXPECT(cudaFree(rt_mem) == cudaSuccess);
  EXPECT(cuDevicePrimaryCtxRelease(0) == CUDA_SUCCESS);
  if (failures) {
    fprintf(stderr, "%d failure(s)\n", failures);
    return 1;
  }
  printf("rt_interop: all checks passed\n");
  return 0;
}
