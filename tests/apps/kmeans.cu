// Rodinia / HeCBench kmeans: the assignment step (each point finds its nearest centroid
// with features stored feature-major for coalescing, centroids in __constant__ memory),
// membership changes counted with a shared-memory reduction and atomicAdd, then the
// update step accumulated with float atomicAdd per cluster and feature. Several
// iterations; host replays the same arithmetic.
#include "apps.h"

#define NFEAT 8
#define NCLUST 5
#define THREADS 256

__constant__ float c_clusters[NCLUST * NFEAT];

__global__ void invert_mapping(const float *input, float *output, int npoints) {
  int point_id = blockIdx.x * blockDim.x + threadIdx.x;
  if (point_id < npoints)
    for (int i = 0; i < NFEAT; i++) output[point_id + npoints * i] = input[point_id * NFEAT + i];
}

__global__ void kmeansPoint(const float *features, int npoints, int *membership, int *changed) {
  __shared__ int s_changed[THREADS];
  unsigned int point_id = blockIdx.x * blockDim.x + threadIdx.x;
  int index = -1, delta = 0;
  if (point_id < (unsigned)npoints) {
    float min_dist = 3.402823466e+38f;
    for (int i = 0; i < NCLUST; i++) {
      float dist = 0;
      for (int l = 0; l < NFEAT; l++) {
        float d = features[l * npoints + point_id] - c_clusters[i * NFEAT + l];
        dist += d * d;
      }
      if (dist < min_dist) {
        min_dist = dist;
        index = i;
      }
    }
    delta = membership[point_id] != index;
    membership[point_id] = index;
  }
  s_changed[threadIdx.x] = delta;
  __syncthreads();
  for (int s = THREADS / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) s_changed[threadIdx.x] += s_changed[threadIdx.x + s];
    __syncthreads();
  }
  if (threadIdx.x == 0 && s_changed[0]) atomicAdd(changed, s_changed[0]);
}

__global__ void accumulate(const float *features, const int *membership, int npoints, float *sums, int *counts) {
  int p = blockIdx.x * blockDim.x + threadIdx.x;
  if (p >= npoints) return;
  int c = membership[p];
  atomicAdd(&counts[c], 1);
  for (int l = 0; l < NFEAT; l++) atomicAdd(&sums[c * NFEAT + l], features[l * npoints + p]);
}

int main() {
  const int npoints = 50000, iters = 5;
  float *feat = (float *)malloc(npoints * NFEAT * 4);
  uint32_t seed = 17;
  for (int p = 0; p < npoints; p++) {
    int blob = app_rand(&seed) % NCLUST;
    for (int l = 0; l < NFEAT; l++)
      feat[p * NFEAT + l] = (float)(int)(app_randf(&seed, -2, 2) * 256 + blob * 1024 * ((l + blob) % 2)) / 256.0f;
  }
  float clusters[NCLUST * NFEAT];
  for (int i = 0; i < NCLUST; i++)
    for (int l = 0; l < NFEAT; l++) clusters[i * NFEAT + l] = feat[(i * 7919) % npoints * NFEAT + l];
  int *memb = (int *)malloc(npoints * 4), *dmemb_h = (int *)malloc(npoints * 4);
  for (int p = 0; p < npoints; p++) memb[p] = -1;

  float *d_in, *d_feat, *d_sums;
  int *d_memb, *d_changed, *d_counts;
  CUDA_CHECK(cudaMalloc(&d_in, npoints * NFEAT * 4));
  CUDA_CHECK(cudaMalloc(&d_feat, npoints * NFEAT * 4));
  CUDA_CHECK(cudaMalloc(&d_memb, npoints * 4));
  CUDA_CHECK(cudaMalloc(&d_changed, 4));
  CUDA_CHECK(cudaMalloc(&d_sums, NCLUST * NFEAT * 4));
  CUDA_CHECK(cudaMalloc(&d_counts, NCLUST * 4));
  CUDA_CHECK(cudaMemcpy(d_in, feat, npoints * NFEAT * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_memb, memb, npoints * 4, cudaMemcpyHostToDevice));
  int blocks = (npoints + THREADS - 1) / THREADS;
  invert_mapping<<<blocks, THREADS>>>(d_in, d_feat, npoints);
  LAUNCH_CHECK();
  for (int it = 0; it < iters; it++) {
    CUDA_CHECK(cudaMemcpyToSymbol(c_clusters, clusters, sizeof clusters));
    CUDA_CHECK(cudaMemset(d_changed, 0, 4));
    CUDA_CHECK(cudaMemset(d_sums, 0, NCLUST * NFEAT * 4));
    CUDA_CHECK(cudaMemset(d_counts, 0, NCLUST * 4));
    kmeansPoint<<<blocks, THREADS>>>(d_feat, npoints, d_memb, d_changed);
    accumulate<<<blocks, THREADS>>>(d_feat, d_memb, npoints, d_sums, d_counts);
    LAUNCH_CHECK();
    int changed, counts[NCLUST];
    float sums[NCLUST * NFEAT];
    CUDA_CHECK(cudaMemcpy(&changed, d_changed, 4, cudaMemcpyDeviceToHost));
    CUDA_CHECK(cudaMemcpy(dmemb_h, d_memb, npoints * 4, cudaMemcpyDeviceToHost));
    CUDA_CHECK(cudaMemcpy(counts, d_counts, sizeof counts, cudaMemcpyDeviceToHost));
    CUDA_CHECK(cudaMemcpy(sums, d_sums, sizeof sums, cudaMemcpyDeviceToHost));
    // Host: same assignment; distances compared in double, ties are practically absent
    // but a point within float rounding of two centroids is allowed either answer.
    int want_changed = 0, want_counts[NCLUST] = {0};
    double want_sums[NCLUST * NFEAT] = {0};
    for (int p = 0; p < npoints; p++) {
      double dist[NCLUST];
      int best = 0;
      for (int i = 0; i < NCLUST; i++) {
        dist[i] = 0;
        for (int l = 0; l < NFEAT; l++) {
          double d = (double)feat[p * NFEAT + l] - clusters[i * NFEAT + l];
          dist[i] += d * d;
        }
        if (dist[i] < dist[best]) best = i;
      }
      int g = dmemb_h[p];
      EXPECT(g >= 0 && g < NCLUST && dist[g] <= dist[best] * (1 + 1e-5) + 1e-6,
             "iteration %d point %d: cluster %d (dist %g), nearest %d (dist %g)", it, p, g,
             g >= 0 && g < NCLUST ? dist[g] : -1.0, best, dist[best]);
      if (g < 0 || g >= NCLUST) g = best;
      want_changed += memb[p] != g;
      memb[p] = g;
      want_counts[g]++;
      for (int l = 0; l < NFEAT; l++) want_sums[g * NFEAT + l] += feat[p * NFEAT + l];
    }
    EXPECT(changed == want_changed, "iteration %d: %d changed, want %d", it, changed, want_changed);
    for (int i = 0; i < NCLUST; i++) {
      EXPECT(counts[i] == want_counts[i], "iteration %d: cluster %d has %d points, want %d", it, i, counts[i],
             want_counts[i]);
      for (int l = 0; l < NFEAT; l++) {
        EXPECT(app_close(sums[i * NFEAT + l], want_sums[i * NFEAT + l], 1e-2, 1e-4), "iteration %d: sum[%d][%d] = %f, want %f",
               it, i, l, sums[i * NFEAT + l], want_sums[i * NFEAT + l]);
        clusters[i * NFEAT + l] = counts[i] ? sums[i * NFEAT + l] / counts[i] : clusters[i * NFEAT + l];
      }
    }
  }
  cudaFree(d_in); cudaFree(d_feat); cudaFree(d_memb); cudaFree(d_changed); cudaFree(d_sums); cudaFree(d_counts);
  free(feat); free(memb); free(dmemb_h);
  return app_finish("kmeans");
}
