// Reproducer (tests/apps/KNOWN_ISSUES.md): JIT compile time of two small kernels, measured
// as first launch minus second launch. `barriers`: the shared-memory bitonic stage of the
// CUDA sample sortingNetworks, which nvcc fully unrolls into 46 bar.sync in straight-line
// code. `local_sort`: a per-thread 25-byte array sorted by insertion sort (median filter).
// Compare PTXVM_GROUP=32 with PTXVM_GROUP=1. Prints the times; exits 1 if a first launch
// costs more than LIMIT seconds (default 1.0, argv[1]).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cuda_runtime.h>

__global__ void barriers(unsigned *d) {
  __shared__ unsigned s[1024];
  s[threadIdx.x] = d[threadIdx.x];
  s[threadIdx.x + 512] = d[threadIdx.x + 512];
  for (unsigned size = 2; size < 1024; size <<= 1) {
    unsigned ddd = (threadIdx.x & (size / 2)) != 0;
    for (unsigned stride = size / 2; stride > 0; stride >>= 1) {
      __syncthreads();
      unsigned pos = 2 * threadIdx.x - (threadIdx.x & (stride - 1));
      unsigned a = s[pos], b = s[pos + stride];
      if ((a > b) == ddd) { s[pos] = b; s[pos + stride] = a; }
    }
  }
  __syncthreads();
  d[threadIdx.x] = s[threadIdx.x];
  d[threadIdx.x + 512] = s[threadIdx.x + 512];
}

__global__ void local_sort(const unsigned char *in, unsigned char *out, int w) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  unsigned char win[25];
  for (int k = 0; k < 25; k++) win[k] = in[(x + k) % w];
  for (int i = 1; i < 25; i++) {
    unsigned char v = win[i];
    int j = i - 1;
    while (j >= 0 && win[j] > v) { win[j + 1] = win[j]; j--; }
    win[j + 1] = v;
  }
  out[x] = win[12];
}

static double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int main(int argc, char **argv) {
  double limit = argc > 1 ? atof(argv[1]) : 1.0;
  unsigned *d;
  unsigned char *in, *out;
  cudaMalloc(&d, 4096);
  cudaMemset(d, 0, 4096);
  cudaMalloc(&in, 4096);
  cudaMalloc(&out, 4096);
  cudaMemset(in, 7, 4096);
  double t[2][2];
  for (int rep = 0; rep < 2; rep++) {
    double t0 = now();
    barriers<<<1, 512>>>(d);
    cudaDeviceSynchronize();
    double t1 = now();
    local_sort<<<16, 256>>>(in, out, 4096);
    cudaDeviceSynchronize();
    t[rep][0] = t1 - t0;
    t[rep][1] = now() - t1;
  }
  double jb = t[0][0] - t[1][0], jl = t[0][1] - t[1][1];
  printf("barriers: first launch %.3f s, second %.3f s\n", t[0][0], t[1][0]);
  printf("local_sort: first launch %.3f s, second %.3f s\n", t[0][1], t[1][1]);
  bool ok = jb < limit && jl < limit;
  printf("%s\n", ok ? "PASSED" : "FAILED");
  return ok ? 0 : 1;
}
