// cudaGetDeviceCount / cudaGetDeviceProperties / cudaDeviceGetAttribute sanity: the values a
// real device reports are in plausible ranges and agree with each other; a kernel's view of
// warpSize agrees; an invalid device number is refused.
#include "check.h"

__global__ void warp_size(int *out) { out[0] = warpSize; }

int main() {
  int count = 0;
  CUDA_CHECK(cudaGetDeviceCount(&count));
  EXPECT(count >= 1, "device count %d", count);
  CUDA_CHECK(cudaSetDevice(0));
  int dev = -1;
  CUDA_CHECK(cudaGetDevice(&dev));
  EXPECT(dev == 0, "current device %d", dev);
  cudaDeviceProp p;
  CUDA_CHECK(cudaGetDeviceProperties(&p, 0));
  printf("device 0: %s, cc %d.%d, %d SMs, %zu MiB\n", p.name, p.major, p.minor,
         p.multiProcessorCount, p.totalGlobalMem >> 20);
  EXPECT(strlen(p.name) > 0, "name empty");
  EXPECT(p.major >= 3 && p.major <= 12, "major %d", p.major);
  EXPECT(p.warpSize == 32, "warpSize %d", p.warpSize);
  EXPECT(p.maxThreadsPerBlock == 1024, "maxThreadsPerBlock %d", p.maxThreadsPerBlock);
  EXPECT(p.maxThreadsDim[0] == 1024 && p.maxThreadsDim[1] == 1024 && p.maxThreadsDim[2] == 64,
         "maxThreadsDim %d %d %d", p.maxThreadsDim[0], p.maxThreadsDim[1], p.maxThreadsDim[2]);
  EXPECT(p.maxGridSize[0] == 2147483647 && p.maxGridSize[1] == 65535 && p.maxGridSize[2] == 65535,
         "maxGridSize %d %d %d", p.maxGridSize[0], p.maxGridSize[1], p.maxGridSize[2]);
  EXPECT(p.sharedMemPerBlock >= 48 * 1024, "sharedMemPerBlock %zu", p.sharedMemPerBlock);
  EXPECT(p.totalGlobalMem >= (64ull << 20), "totalGlobalMem %zu", p.totalGlobalMem);
  EXPECT(p.multiProcessorCount >= 1, "multiProcessorCount %d", p.multiProcessorCount);
  EXPECT(p.totalConstMem >= 64 * 1024, "totalConstMem %zu", p.totalConstMem);
  EXPECT(p.regsPerBlock > 0, "regsPerBlock %d", p.regsPerBlock);
  int v = 0;
  CUDA_CHECK(cudaDeviceGetAttribute(&v, cudaDevAttrWarpSize, 0));
  EXPECT(v == 32, "attribute warp size %d", v);
  CUDA_CHECK(cudaDeviceGetAttribute(&v, cudaDevAttrMultiProcessorCount, 0));
  EXPECT(v == p.multiProcessorCount, "attribute SM count %d vs %d", v, p.multiProcessorCount);
  CUDA_CHECK(cudaDeviceGetAttribute(&v, cudaDevAttrComputeCapabilityMajor, 0));
  EXPECT(v == p.major, "attribute major %d vs %d", v, p.major);
  CUDA_CHECK(cudaDeviceGetAttribute(&v, cudaDevAttrMaxThreadsPerBlock, 0));
  EXPECT(v == 1024, "attribute max threads %d", v);
  cudaDeviceProp q;
  cudaError_t e = cudaGetDeviceProperties(&q, count);
  EXPECT(e == cudaErrorInvalidDevice, "properties of device %d: %s", count, cudaGetErrorName(e));
  e = cudaSetDevice(count + 5);
  EXPECT(e == cudaErrorInvalidDevice, "cudaSetDevice(%d): %s", count + 5, cudaGetErrorName(e));
  cudaGetLastError();
  size_t free_b = 0, total_b = 0;
  CUDA_CHECK(cudaMemGetInfo(&free_b, &total_b));
  EXPECT(total_b > 0 && free_b <= total_b, "cudaMemGetInfo %zu of %zu", free_b, total_b);
  int driver = 0, runtime = 0;
  CUDA_CHECK(cudaDriverGetVersion(&driver));
  CUDA_CHECK(cudaRuntimeGetVersion(&runtime));
  EXPECT(driver >= 13000 && runtime >= 13000, "versions driver %d runtime %d", driver, runtime);
  int *d, h = 0;
  CUDA_CHECK(cudaMalloc(&d, sizeof(int)));
  warp_size<<<1, 1>>>(d);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(&h, d, sizeof h, cudaMemcpyDeviceToHost));
  EXPECT(h == 32, "warpSize in a kernel %d", h);
  return check_finish("device_props");
}
