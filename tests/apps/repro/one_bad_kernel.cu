// Reproducer (tests/apps/KNOWN_ISSUES.md): a module with one kernel ptxvm cannot compile
// (`unused_cdp` launches a child grid from the device) and plain kernels. Only `plain` is
// launched; on a GPU it runs. Build: nvcc -cudart shared -arch=sm_75 -rdc=true
// -o /tmp/obk tests/apps/repro/one_bad_kernel.cu -lcudadevrt
#include <cstdio>
__global__ void child(int *out) { out[threadIdx.x] = -1; }
__global__ void unused_cdp(int *out) { child<<<1, 32>>>(out); }  // a device-side launch
__global__ void plain(int *out) { out[threadIdx.x] = threadIdx.x * 3; }
int main() {
  int *d, h[32];
  cudaMalloc(&d, sizeof h);
  plain<<<1, 32>>>(d);
  cudaError_t launch = cudaGetLastError(), sync = cudaDeviceSynchronize();
  cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
  int bad = launch != cudaSuccess || sync != cudaSuccess;
  for (int i = 0; i < 32 && !bad; i++) bad += h[i] != i * 3;
  printf("launch %s, sync %s\n%s\n", cudaGetErrorName(launch), cudaGetErrorName(sync), bad ? "FAILED" : "PASSED");
  return bad != 0;
}
