// ld/st.relaxed.gpu.v2.u32 must be single-copy atomic as one 8-byte access: CUB's
// decoupled look-back (ScanTileState for 4-byte values: DeviceScan, DeviceSelect, and so
// thrust::inclusive_scan, copy_if, unique) packs (status, prefix) into one 8-byte word,
// stores it with st.relaxed.gpu.v2.u32 and reads it with ld.relaxed.gpu.v2.u32. If ptxvm
// splits either into two 4-byte accesses, a reader in another CTA can see a new status
// with an old prefix: scans come out wrong now and then (a prefix counted twice) when CTAs
// run on two or more workers; with PTXVM_THREADS=1 they are always right.
// Here block 0 writes (k, k) for k = 1..N into one word; block 1 reads it meanwhile and
// counts reads whose halves differ (torn). Run it a few times: any torn read is the bug.
#include <cstdio>
#include <cuda_runtime.h>

__global__ void k(unsigned long long *word, int n, int *torn, int *reads) {
  if (threadIdx.x != 0) return;
  if (blockIdx.x == 0) {
    for (unsigned v = 1; v <= (unsigned)n; v++)
      asm volatile("st.relaxed.gpu.v2.u32 [%0], {%1, %2};" ::"l"(word), "r"(v), "r"(v) : "memory");
  } else {
    int t = 0, r = 0;
    unsigned a = 0, b = 0;
    do {
      asm volatile("ld.relaxed.gpu.v2.u32 {%0, %1}, [%2];" : "=r"(a), "=r"(b) : "l"(word) : "memory");
      t += a != b;
      r++;
    } while (a != (unsigned)n && r < 100000000);
    *torn = t;
    *reads = r;
  }
}

int main() {
  unsigned long long *w;
  int *d, h[2] = {0, 0};
  cudaMalloc(&w, 8);
  cudaMalloc(&d, 8);
  cudaMemset(w, 0, 8);
  cudaMemset(d, 0, 8);
  k<<<2, 32>>>(w, 2000000, d, d + 1);
  cudaError_t e = cudaGetLastError();
  if (e == cudaSuccess) e = cudaDeviceSynchronize();
  cudaMemcpy(h, d, 8, cudaMemcpyDeviceToHost);
  printf("%s: %d torn reads of %d\n", cudaGetErrorName(e), h[0], h[1]);
  bool ok = e == cudaSuccess && h[0] == 0;
  printf(ok ? "PASSED\n" : "FAILED\n");
  return ok ? 0 : 1;
}
