// LINK: -rdc=true -lcudadevrt
// XFAIL: device-side kernel launches (dynamic parallelism, __cuda_syscall_cnpv2*) are unsupported: see KNOWN_ISSUES.md
// Dynamic parallelism as in the CUDA samples cdpSimpleQuicksort / cdpSimplePrint: a kernel
// partitions its range and launches child kernels on the two halves (tail launches on
// named streams created with cudaStreamNonBlocking), down to a depth limit where it
// switches to a selection sort; plus a parent that launches children and waits for them
// implicitly at the end of the grid. Built with -rdc=true and libcudadevrt.
#include "apps.h"

#define MAX_DEPTH 12
#define INSERTION_SORT 32

__device__ void selection_sort(unsigned *data, int left, int right) {
  for (int i = left; i <= right; ++i) {
    unsigned min_val = data[i];
    int min_idx = i;
    for (int j = i + 1; j <= right; ++j)
      if (data[j] < min_val) {
        min_idx = j;
        min_val = data[j];
      }
    if (i != min_idx) {
      data[min_idx] = data[i];
      data[i] = min_val;
    }
  }
}

__global__ void cdp_simple_quicksort(unsigned *data, int left, int right, int depth) {
  if (depth >= MAX_DEPTH || right - left <= INSERTION_SORT) {
    selection_sort(data, left, right);
    return;
  }
  unsigned *lptr = data + left, *rptr = data + right;
  unsigned pivot = data[(left + right) / 2];
  while (lptr <= rptr) {
    unsigned lval = *lptr, rval = *rptr;
    while (lval < pivot) {
      lptr++;
      lval = *lptr;
    }
    while (rval > pivot) {
      rptr--;
      rval = *rptr;
    }
    if (lptr <= rptr) {
      *lptr++ = rval;
      *rptr-- = lval;
    }
  }
  int nright = rptr - data, nleft = lptr - data;
  if (left < (rptr - data)) {
    cudaStream_t s;
    cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking);
    cdp_simple_quicksort<<<1, 1, 0, s>>>(data, left, nright, depth + 1);
    cudaStreamDestroy(s);
  }
  if ((lptr - data) < right) {
    cudaStream_t s1;
    cudaStreamCreateWithFlags(&s1, cudaStreamNonBlocking);
    cdp_simple_quicksort<<<1, 1, 0, s1>>>(data, nleft, right, depth + 1);
    cudaStreamDestroy(s1);
  }
}

__global__ void child(int *out, int base) { out[base + threadIdx.x] = base + threadIdx.x * 10; }
__global__ void parent(int *out) {
  if (threadIdx.x < 4) child<<<1, 8>>>(out, threadIdx.x * 8);
}

int main() {
  const int n = 20000;
  unsigned *h = (unsigned *)malloc(n * 4), *r = (unsigned *)malloc(n * 4), *d;
  uint32_t seed = 31;
  for (int i = 0; i < n; i++) h[i] = app_rand(&seed) % 100000;
  CUDA_CHECK(cudaDeviceSetLimit(cudaLimitDevRuntimeSyncDepth, MAX_DEPTH));
  CUDA_CHECK(cudaMalloc(&d, n * 4));
  CUDA_CHECK(cudaMemcpy(d, h, n * 4, cudaMemcpyHostToDevice));
  cdp_simple_quicksort<<<1, 1>>>(d, 0, n - 1, 0);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, d, n * 4, cudaMemcpyDeviceToHost));
  for (int i = 1; i < n; i++) EXPECT(r[i - 1] <= r[i], "out of order at %d: %u > %u", i, r[i - 1], r[i]);
  unsigned long long s1 = 0, s2 = 0;
  for (int i = 0; i < n; i++) {
    s1 += h[i];
    s2 += r[i];
  }
  EXPECT(s1 == s2, "sum changed: %llu -> %llu", s1, s2);
  int *dout, out[32];
  CUDA_CHECK(cudaMalloc(&dout, sizeof out));
  CUDA_CHECK(cudaMemset(dout, 0xff, sizeof out));
  parent<<<1, 32>>>(dout);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
  for (int i = 0; i < 32; i++) EXPECT(out[i] == (i / 8) * 8 + (i % 8) * 10, "child out[%d] = %d", i, out[i]);
  cudaFree(d); cudaFree(dout); free(h); free(r);
  return app_finish("cdp_quicksort");
}
