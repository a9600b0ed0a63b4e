// sm_90 thread-block clusters: __cluster_dims__, cluster.sync(), distributed shared memory
// through map_shared_rank, %cluster_ctarank, and the three-argument __launch_bounds__.
// Compiled for every arch; the cluster code only exists where __CUDA_ARCH__ >= 900.
#include <cooperative_groups.h>
namespace cg = cooperative_groups;

#if !defined(__CUDA_ARCH__) || __CUDA_ARCH__ >= 900
#define CLUSTER_DIMS __cluster_dims__(2, 1, 1)
#else
#define CLUSTER_DIMS
#endif

__global__ void CLUSTER_DIMS cluster_hist(const int *in, int *out, int n) {
  __shared__ int bins[64];
#if __CUDA_ARCH__ >= 900
  cg::cluster_group cluster = cg::this_cluster();
  unsigned rank = cluster.block_rank();
  for (int k = threadIdx.x; k < 64; k += blockDim.x) bins[k] = 0;
  cluster.sync();
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    int v = in[i] & 127;
    int *dst = cluster.map_shared_rank(bins, (unsigned)(v >> 6));  // the block owning this half
    atomicAdd(&dst[v & 63], 1);
  }
  cluster.sync();
  for (int k = threadIdx.x; k < 64; k += blockDim.x) atomicAdd(&out[rank * 64 + k], bins[k]);
  unsigned ctarank, nctarank;
  asm volatile("mov.u32 %0, %%cluster_ctarank;" : "=r"(ctarank));
  asm volatile("mov.u32 %0, %%cluster_nctarank;" : "=r"(nctarank));
  if (threadIdx.x == 0) out[128 + blockIdx.x] = (int)(ctarank * 10 + nctarank + cluster.dim_blocks().x);
#else
  for (int k = threadIdx.x; k < 64; k += blockDim.x) bins[k] = 0;
  __syncthreads();
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) atomicAdd(&bins[in[i] & 63], 1);
  __syncthreads();
  for (int k = threadIdx.x; k < 64; k += blockDim.x) atomicAdd(&out[k], bins[k]);
#endif
}

#if __CUDA_ARCH__ >= 900
__global__ void __launch_bounds__(256, 1, 4) cluster_lb(float *x) {
  cg::cluster_group cluster = cg::this_cluster();
  __shared__ float s[256];
  s[threadIdx.x] = x[blockIdx.x * 256 + threadIdx.x];
  cluster.sync();
  float *peer = cluster.map_shared_rank(s, (cluster.block_rank() + 1) % cluster.num_blocks());
  float v = peer[threadIdx.x];
  cluster.sync();
  x[blockIdx.x * 256 + threadIdx.x] = v;
  asm volatile("barrier.cluster.arrive.release;\n\tbarrier.cluster.wait.acquire;" ::: "memory");
  asm volatile("fence.acq_rel.cluster;" ::: "memory");
}
#endif
