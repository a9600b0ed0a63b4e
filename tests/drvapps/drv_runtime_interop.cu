// simpleDrvRuntime: one program using both APIs. The runtime's kernels (<<<>>>) and a
// driver-API module share the primary context: cudaMalloc memory goes to cuLaunchKernel,
// cuMemAlloc memory to a <<<>>> kernel, cuCtxGetCurrent after cudaFree(0) is the primary
// context cuDevicePrimaryCtxRetain gives, and streams pass between the APIs.
// GEN: k.ptx: -ptx -arch=compute_80 kernels/drv_kernels.cu
#include <cuda_runtime.h>
#include "drvapps.h"

__global__ void scale(float *p, float s, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] *= s;
}

int main(void) {
  if (cudaFree(0) != cudaSuccess) {
    printf("cudaFree(0) failed\nFAILED\n");
    return 1;
  }
  CUcontext cur = NULL, primary = NULL;
  CUdevice dev;
  CU(cuCtxGetCurrent(&cur));
  CU(cuDeviceGet(&dev, 0));
  CU(cuDevicePrimaryCtxRetain(&primary, dev));
  EXPECT(cur != NULL && cur == primary);
  unsigned flags = 0;
  int active = 0;
  CU(cuDevicePrimaryCtxGetState(dev, &flags, &active));
  EXPECT(active == 1);

  CUmodule mod;
  CUfunction vadd;
  CU(cuModuleLoad(&mod, drv_path("k.ptx")));
  CU(cuModuleGetFunction(&vadd, mod, "vecAdd"));
  int n = 5000;
  size_t bytes = n * sizeof(float);
  float *ra, *rb;  // runtime allocations
  CUdeviceptr dc;  // driver allocation
  EXPECT(cudaMalloc(&ra, bytes) == cudaSuccess);
  EXPECT(cudaMalloc(&rb, bytes) == cudaSuccess);
  CU(cuMemAlloc(&dc, bytes));
  float *h = (float *)malloc(bytes);
  for (int i = 0; i < n; i++) h[i] = i;
  EXPECT(cudaMemcpy(ra, h, bytes, cudaMemcpyHostToDevice) == cudaSuccess);
  CU(cuMemcpyHtoD((CUdeviceptr)rb, h, bytes));
  cudaStream_t rs;
  EXPECT(cudaStreamCreate(&rs) == cudaSuccess);
  CUdeviceptr pa = (CUdeviceptr)ra, pb = (CUdeviceptr)rb;
  void *args[] = {&pa, &pb, &dc, &n};
  CU(cuLaunchKernel(vadd, (n + 255) / 256, 1, 1, 256, 1, 1, 0, (CUstream)rs, args, NULL));
  scale<<<(n + 127) / 128, 128, 0, rs>>>((float *)dc, 0.5f, n);
  EXPECT(cudaGetLastError() == cudaSuccess);
  EXPECT(cudaStreamSynchronize(rs) == cudaSuccess);
  EXPECT(cudaMemcpy(h, (void *)dc, bytes, cudaMemcpyDeviceToHost) == cudaSuccess);
  int bad = 0;
  for (int i = 0; i < n; i++) bad += h[i] != (float)i;
  EXPECT(bad == 0);
  cudaPointerAttributes pat;
  EXPECT(cudaPointerGetAttributes(&pat, (void *)dc) == cudaSuccess);
  EXPECT(pat.type == cudaMemoryTypeDevice);
  // cudaFree of a driver allocation in the same context is allowed (one allocator).
  CU(cuMemFree(dc));
  EXPECT(cudaFree(ra) == cudaSuccess);
  EXPECT(cudaFree(rb) == cudaSuccess);
  EXPECT(cudaStreamDestroy(rs) == cudaSuccess);
  CU(cuModuleUnload(mod));
  CU(cuDevicePrimaryCtxRelease(dev));
  free(h);
  return drv_finish();
}
