// TIMEOUT: 480
// (JIT of the fully unrolled barrier network takes tens of seconds at G=32: see KNOWN_ISSUES.md)
// Bitonic sort as in the CUDA samples (sortingNetworks): a shared-memory kernel that sorts
// blocks of 1024 keys with key/value pairs, then global merge steps launched per stage
// (many small launches) for a 64K array, both ascending and descending.
#include "apps.h"

#define SHARED_SIZE 1024

__device__ inline void Comparator(unsigned &keyA, unsigned &valA, unsigned &keyB, unsigned &valB, unsigned dir) {
  if ((keyA > keyB) == dir) {
    unsigned t = keyA; keyA = keyB; keyB = t;
    t = valA; valA = valB; valB = t;
  }
}

__global__ void bitonicSortShared(unsigned *d_DstKey, unsigned *d_DstVal, const unsigned *d_SrcKey,
                                  const unsigned *d_SrcVal, unsigned arrayLength, unsigned dir) {
  __shared__ unsigned s_key[SHARED_SIZE];
  __shared__ unsigned s_val[SHARED_SIZE];
  d_SrcKey += blockIdx.x * SHARED_SIZE + threadIdx.x;
  d_SrcVal += blockIdx.x * SHARED_SIZE + threadIdx.x;
  d_DstKey += blockIdx.x * SHARED_SIZE + threadIdx.x;
  d_DstVal += blockIdx.x * SHARED_SIZE + threadIdx.x;
  s_key[threadIdx.x] = d_SrcKey[0];
  s_val[threadIdx.x] = d_SrcVal[0];
  s_key[threadIdx.x + SHARED_SIZE / 2] = d_SrcKey[SHARED_SIZE / 2];
  s_val[threadIdx.x + SHARED_SIZE / 2] = d_SrcVal[SHARED_SIZE / 2];
  for (unsigned size = 2; size < SHARED_SIZE; size <<= 1) {
    // Bitonic merge: alternate directions so each pair of halves forms a bitonic sequence.
    unsigned ddd = dir ^ ((threadIdx.x & (size / 2)) != 0);
    for (unsigned stride = size / 2; stride > 0; stride >>= 1) {
      __syncthreads();
      unsigned pos = 2 * threadIdx.x - (threadIdx.x & (stride - 1));
      Comparator(s_key[pos + 0], s_val[pos + 0], s_key[pos + stride], s_val[pos + stride], ddd);
    }
  }
  {
    // The last merge: sorted blocks alternate direction so the global stage can merge them.
    unsigned ddd = blockIdx.x & 1;
    ddd = (arrayLength == SHARED_SIZE) ? dir : ddd ^ dir ^ 1;
    for (unsigned stride = SHARED_SIZE / 2; stride > 0; stride >>= 1) {
      __syncthreads();
      unsigned pos = 2 * threadIdx.x - (threadIdx.x & (stride - 1));
      Comparator(s_key[pos + 0], s_val[pos + 0], s_key[pos + stride], s_val[pos + stride], ddd);
    }
  }
  __syncthreads();
  d_DstKey[0] = s_key[threadIdx.x];
  d_DstVal[0] = s_val[threadIdx.x];
  d_DstKey[SHARED_SIZE / 2] = s_key[threadIdx.x + SHARED_SIZE / 2];
  d_DstVal[SHARED_SIZE / 2] = s_val[threadIdx.x + SHARED_SIZE / 2];
}

// One compare-exchange step of the global bitonic merge.
__global__ void bitonicMergeGlobal(unsigned *key, unsigned *val, unsigned arrayLength, unsigned size,
                                   unsigned stride, unsigned dir) {
  unsigned global_comparatorI = blockIdx.x * blockDim.x + threadIdx.x;
  unsigned comparatorI = global_comparatorI & (arrayLength / 2 - 1);
  unsigned ddd = dir ^ ((comparatorI & (size / 2)) != 0);
  unsigned pos = 2 * global_comparatorI - (global_comparatorI & (stride - 1));
  unsigned kA = key[pos], vA = val[pos], kB = key[pos + stride], vB = val[pos + stride];
  Comparator(kA, vA, kB, vB, ddd);
  key[pos] = kA; val[pos] = vA;
  key[pos + stride] = kB; val[pos + stride] = vB;
}

static void bitonicSort(unsigned *dk, unsigned *dv, const unsigned *sk, const unsigned *sv, unsigned n, unsigned dir) {
  unsigned blocks = n / SHARED_SIZE;
  bitonicSortShared<<<blocks, SHARED_SIZE / 2>>>(dk, dv, sk, sv, n, dir);
  LAUNCH_CHECK();
  // The shared kernel sorted each block in alternating order (when n > SHARED_SIZE), so the
  // global merges start at size 2*SHARED_SIZE; the remaining strides are done globally too.
  for (unsigned size = 2 * SHARED_SIZE; size <= n; size <<= 1)
    for (unsigned stride = size / 2; stride > 0; stride >>= 1) {
      bitonicMergeGlobal<<<n / 2 / 256, 256>>>(dk, dv, n, size, stride, dir);
      CUDA_CHECK(cudaGetLastError());
    }
  CUDA_CHECK(cudaDeviceSynchronize());
}

int main() {
  const unsigned n = 1 << 16;
  unsigned *hk = (unsigned *)malloc(n * 4), *hv = (unsigned *)malloc(n * 4);
  unsigned *rk = (unsigned *)malloc(n * 4), *rv = (unsigned *)malloc(n * 4);
  uint32_t seed = 2024;
  for (unsigned i = 0; i < n; i++) {
    hk[i] = app_rand(&seed) % 100000;  // duplicates on purpose
    hv[i] = i;
  }
  unsigned *sk, *sv, *dk, *dv;
  CUDA_CHECK(cudaMalloc(&sk, n * 4));
  CUDA_CHECK(cudaMalloc(&sv, n * 4));
  CUDA_CHECK(cudaMalloc(&dk, n * 4));
  CUDA_CHECK(cudaMalloc(&dv, n * 4));
  CUDA_CHECK(cudaMemcpy(sk, hk, n * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(sv, hv, n * 4, cudaMemcpyHostToDevice));
  for (unsigned dir = 0; dir < 2; dir++) {
    const unsigned lens[] = {SHARED_SIZE, n};
    for (unsigned len : lens) {
      bitonicSort(dk, dv, sk, sv, len, dir);
      CUDA_CHECK(cudaMemcpy(rk, dk, len * 4, cudaMemcpyDeviceToHost));
      CUDA_CHECK(cudaMemcpy(rv, dv, len * 4, cudaMemcpyDeviceToHost));
      // dir 1 sorts ascending, dir 0 descending (Comparator swaps when (A > B) == dir).
      int bad = 0;
      for (unsigned i = 1; i < len && bad < 3; i++)
        if (dir ? rk[i - 1] > rk[i] : rk[i - 1] < rk[i]) {
          bad++;
          EXPECT(false, "dir %u len %u: key[%u]=%u, key[%u]=%u out of order", dir, len, i - 1, rk[i - 1], i, rk[i]);
        }
      // The values still name their keys, and every source index appears once.
      char *seen = (char *)calloc(len, 1);
      for (unsigned i = 0; i < len && bad < 3; i++) {
        if (rv[i] >= len || seen[rv[i]] || hk[rv[i]] != rk[i]) {
          bad++;
          EXPECT(false, "dir %u len %u: pair %u (%u,%u) is not an input pair", dir, len, i, rk[i], rv[i]);
        } else {
          seen[rv[i]] = 1;
        }
      }
      free(seen);
    }
  }
  cudaFree(sk); cudaFree(sv); cudaFree(dk); cudaFree(dv);
  free(hk); free(hv); free(rk); free(rv);
  return app_finish("bitonic_sort");
}
