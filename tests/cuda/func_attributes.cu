// Kernel attributes and occupancy: cudaFuncGetAttributes (static shared size, max threads),
// cudaOccupancyMaxActiveBlocksPerMultiprocessor(WithFlags), cudaFuncSetAttribute to opt in
// to 64 KiB of dynamic shared memory (refused before the opt-in, used after it), and the
// explicit cudaLaunchKernel API.
#include "check.h"

__global__ void with_static(int *out) {
  __shared__ int buf[1000];
  buf[threadIdx.x] = threadIdx.x * 3;
  __syncthreads();
  out[threadIdx.x] = buf[(threadIdx.x + 1) % blockDim.x];
}

__global__ void big_dynamic(int *out, int n) {
  extern __shared__ int dyn[];
  for (int i = threadIdx.x; i < n; i += blockDim.x) dyn[i] = i ^ 0x55;
  __syncthreads();
  int s = 0;
  for (int i = threadIdx.x; i < n; i += blockDim.x) s += dyn[n - 1 - i];
  atomicAdd(out, s);
}

int main() {
  cudaFuncAttributes a;
  CUDA_CHECK(cudaFuncGetAttributes(&a, with_static));
  EXPECT(a.sharedSizeBytes == 1000 * sizeof(int), "sharedSizeBytes %zu", a.sharedSizeBytes);
  EXPECT(a.maxThreadsPerBlock >= 256 && a.maxThreadsPerBlock <= 1024, "maxThreadsPerBlock %d",
         a.maxThreadsPerBlock);
  EXPECT(a.numRegs >= 0, "numRegs %d", a.numRegs);
  int blocks = 0;
  CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, with_static, 256, 0));
  EXPECT(blocks >= 1, "occupancy %d blocks per SM", blocks);
  CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(&blocks, with_static, 128, 0,
                                                                    cudaOccupancyDefault));
  EXPECT(blocks >= 1, "occupancy with flags %d", blocks);

  int *d, h[256];
  CUDA_CHECK(cudaMalloc(&d, sizeof h));
  void *args[] = {&d};
  CUDA_CHECK(cudaLaunchKernel((const void *)with_static, dim3(1), dim3(256), args, 0, nullptr));
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int t = 0; t < 256; t++) EXPECT(h[t] == ((t + 1) % 256) * 3, "cudaLaunchKernel [%d] = %d", t, h[t]);

  const int bytes = 64 * 1024, n = bytes / 4;
  big_dynamic<<<1, 256, bytes>>>(d, n); // more than 48 KiB without the opt-in
  cudaError_t e = cudaGetLastError();
  EXPECT(e != cudaSuccess, "64 KiB of dynamic shared memory accepted without the opt-in");
  CUDA_CHECK(cudaFuncSetAttribute(big_dynamic, cudaFuncAttributeMaxDynamicSharedMemorySize, bytes));
  CUDA_CHECK(cudaMemset(d, 0, sizeof(int)));
  big_dynamic<<<2, 256, bytes>>>(d, n);
  LAUNCH_CHECK();
  int sum = 0, want = 0;
  CUDA_CHECK(cudaMemcpy(&sum, d, sizeof sum, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) want += i ^ 0x55;
  EXPECT(sum == 2 * want, "64 KiB dynamic shared sum %d vs %d", sum, 2 * want);
  return check_finish("func_attributes");
}
