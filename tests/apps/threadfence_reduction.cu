// threadFenceReduction as in the CUDA sample: a single-pass sum where each block writes its
// partial sum, issues __threadfence(), and takes a ticket with atomicInc; the block that
// draws the last ticket knows all partials are visible and sums them. Also a spin-lock
// protected global update (atomicCAS lock taken by divergent lanes of one warp, volatile
// data, __threadfence before the release), as HeCBench's lock-based codes do.
#include "apps.h"

__device__ unsigned int retirementCount = 0;

template <unsigned int blockSize>
__global__ void reduceSinglePass(const float *g_idata, float *g_odata, unsigned int n) {
  __shared__ float sdata[blockSize];
  __shared__ bool amLast;
  unsigned int tid = threadIdx.x;
  unsigned int i = blockIdx.x * (blockSize * 2) + threadIdx.x;
  unsigned int gridSize = blockSize * 2 * gridDim.x;
  float mySum = 0;
  while (i < n) {
    mySum += g_idata[i];
    if (i + blockSize < n) mySum += g_idata[i + blockSize];
    i += gridSize;
  }
  sdata[tid] = mySum;
  __syncthreads();
  for (unsigned s = blockSize / 2; s > 0; s >>= 1) {
    if (tid < s) sdata[tid] = mySum = mySum + sdata[tid + s];
    __syncthreads();
  }
  if (tid == 0) g_odata[blockIdx.x] = sdata[0];
  if (gridDim.x > 1) {
    if (tid == 0) {
      __threadfence();  // the partial sum is visible before the ticket is taken
      unsigned int ticket = atomicInc(&retirementCount, gridDim.x);
      amLast = (ticket == gridDim.x - 1);
    }
    __syncthreads();
    if (amLast) {
      int j = tid;
      mySum = 0;
      while (j < (int)gridDim.x) {
        mySum += ((volatile float *)g_odata)[j];
        j += blockSize;
      }
      sdata[tid] = mySum;
      __syncthreads();
      for (unsigned s = blockSize / 2; s > 0; s >>= 1) {
        if (tid < s) sdata[tid] = mySum = mySum + sdata[tid + s];
        __syncthreads();
      }
      if (tid == 0) {
        g_odata[0] = sdata[0];
        retirementCount = 0;  // atomicInc wrapped it already; reset for the next launch
      }
    }
  }
}

__device__ int lock = 0;
__global__ void locked_histogram(const int *keys, int n, volatile int *table, int buckets) {
  // One lock for the whole table: each thread adds its key's weight under the lock.
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  int b = keys[i] % buckets;
  // Lanes of one warp must not spin against each other forever: loop until this lane got
  // it, doing the work inside the loop (the independent-thread-scheduling-safe idiom).
  bool done = false;
  while (!done) {
    if (atomicCAS(&lock, 0, 1) == 0) {
      table[b] = table[b] + 1;
      table[buckets] = table[buckets] + keys[i];
      __threadfence();
      atomicExch(&lock, 0);
      done = true;
    }
  }
}

int main() {
  const unsigned n = (1 << 20) + 333;
  float *h = (float *)malloc(n * 4);
  double want = 0;
  uint32_t seed = 71;
  for (unsigned i = 0; i < n; i++) {
    h[i] = (float)(app_rand(&seed) % 256) / 16.0f;
    want += h[i];
  }
  float *d_in, *d_out;
  const int blocks = 64;
  CUDA_CHECK(cudaMalloc(&d_in, n * 4));
  CUDA_CHECK(cudaMalloc(&d_out, blocks * 4));
  CUDA_CHECK(cudaMemcpy(d_in, h, n * 4, cudaMemcpyHostToDevice));
  for (int rep = 0; rep < 3; rep++) {
    reduceSinglePass<256><<<blocks, 256>>>(d_in, d_out, n);
    LAUNCH_CHECK();
    float got;
    CUDA_CHECK(cudaMemcpy(&got, d_out, 4, cudaMemcpyDeviceToHost));
    EXPECT(app_close(got, want, 0, 2e-6), "rep %d: single-pass sum %f, want %f", rep, got, want);
  }
  unsigned int rc;
  CUDA_CHECK(cudaMemcpyFromSymbol(&rc, retirementCount, 4));
  EXPECT(rc == 0, "retirementCount %u after the launches", rc);

  const int m = 20000, buckets = 13;
  int *keys = (int *)malloc(m * 4), *d_keys, *d_table, table[buckets + 1], wt[buckets + 1] = {0};
  for (int i = 0; i < m; i++) {
    keys[i] = app_rand(&seed) % 1000;
    wt[keys[i] % buckets]++;
    wt[buckets] += keys[i];
  }
  CUDA_CHECK(cudaMalloc(&d_keys, m * 4));
  CUDA_CHECK(cudaMalloc(&d_table, sizeof table));
  CUDA_CHECK(cudaMemcpy(d_keys, keys, m * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemset(d_table, 0, sizeof table));
  locked_histogram<<<(m + 127) / 128, 128>>>(d_keys, m, d_table, buckets);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(table, d_table, sizeof table, cudaMemcpyDeviceToHost));
  for (int b = 0; b <= buckets; b++) EXPECT(table[b] == wt[b], "locked table[%d] = %d, want %d", b, table[b], wt[b]);
  cudaFree(d_in); cudaFree(d_out); cudaFree(d_keys); cudaFree(d_table); free(h); free(keys);
  return app_finish("threadfence_reduction");
}
