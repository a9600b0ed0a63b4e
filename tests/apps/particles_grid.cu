// Uniform-grid neighbour search as in the CUDA sample `particles` and SPH codes: particles
// (float3 positions in an array of structs) hashed to cells, a counting sort by cell
// (atomicAdd histogram, exclusive scan of the counts in one block, atomicAdd scatter), a
// per-cell start/end table, then every particle visits the 27 neighbouring cells (triple
// nested loops with data-dependent trip counts) to count neighbours within a radius and
// sum a smoothing kernel. Host does the all-pairs computation.
#include "apps.h"

#define GRID 16
#define NCELLS (GRID * GRID * GRID)

struct Particle {
  float3 pos;
  float mass;
};

__device__ __host__ inline int3 cell_of(float3 p, float cs) {
  int3 c = make_int3((int)floorf(p.x / cs), (int)floorf(p.y / cs), (int)floorf(p.z / cs));
  c.x = min(max(c.x, 0), GRID - 1);
  c.y = min(max(c.y, 0), GRID - 1);
  c.z = min(max(c.z, 0), GRID - 1);
  return c;
}
__device__ __host__ inline int cell_hash(int3 c) { return (c.z * GRID + c.y) * GRID + c.x; }

__global__ void count_cells(const Particle *p, int n, float cs, int *counts, int *cellOf) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  int h = cell_hash(cell_of(p[i].pos, cs));
  cellOf[i] = h;
  atomicAdd(&counts[h], 1);
}

// One block of 1024 threads scans NCELLS = 4096 counts, 4 per thread.
__global__ void scan_cells(const int *counts, int *start) {
  __shared__ int s[1024];
  int t = threadIdx.x, base = t * 4;
  int local = counts[base] + counts[base + 1] + counts[base + 2] + counts[base + 3];
  s[t] = local;
  __syncthreads();
  for (int off = 1; off < 1024; off <<= 1) {  // Hillis-Steele inclusive scan
    int v = t >= off ? s[t - off] : 0;
    __syncthreads();
    s[t] += v;
    __syncthreads();
  }
  int run = s[t] - local;
  for (int k = 0; k < 4; k++) {
    start[base + k] = run;
    run += counts[base + k];
  }
}

__global__ void scatter(const Particle *p, const int *cellOf, int n, int *fill, Particle *sorted) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  sorted[atomicAdd(&fill[cellOf[i]], 1)] = p[i];
}

__global__ void neighbours(const Particle *sorted, const int *start, const int *counts, int n, float cs, float r2,
                           int *nbCount, float *density) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float3 pi = sorted[i].pos;
  int3 c = cell_of(pi, cs);
  int cnt = 0;
  float rho = 0;
  for (int dz = -1; dz <= 1; dz++)
    for (int dy = -1; dy <= 1; dy++)
      for (int dx = -1; dx <= 1; dx++) {
        int3 nc = make_int3(c.x + dx, c.y + dy, c.z + dz);
        if (nc.x < 0 || nc.y < 0 || nc.z < 0 || nc.x >= GRID || nc.y >= GRID || nc.z >= GRID) continue;
        int h = cell_hash(nc);
        for (int j = start[h]; j < start[h] + counts[h]; j++) {
          float3 d = make_float3(sorted[j].pos.x - pi.x, sorted[j].pos.y - pi.y, sorted[j].pos.z - pi.z);
          float q = d.x * d.x + d.y * d.y + d.z * d.z;
          if (q < r2) {
            cnt++;
            float w = r2 - q;
            rho += sorted[j].mass * w * w * w;
          }
        }
      }
  nbCount[i] = cnt;
  density[i] = rho;
}

int main() {
  const int n = 8000;
  const float cs = 1.0f / GRID, radius = 0.9f * cs, r2 = radius * radius;
  Particle *p = (Particle *)malloc(n * sizeof(Particle));
  uint32_t seed = 5150;
  for (int i = 0; i < n; i++) {
    // Clustered: half the particles in a small ball, so some cells are crowded.
    float x = app_randf(&seed, 0, 1), y = app_randf(&seed, 0, 1), z = app_randf(&seed, 0, 1);
    if (i & 1) {
      x = 0.3f + x * 0.15f;
      y = 0.6f + y * 0.15f;
      z = 0.5f + z * 0.15f;
    }
    p[i].pos = make_float3(x, y, z);
    p[i].mass = 1.0f + (i % 3);
  }
  Particle *dp, *dsorted;
  int *dcounts, *dstart, *dfill, *dcellOf, *dnb;
  float *drho;
  CUDA_CHECK(cudaMalloc(&dp, n * sizeof(Particle)));
  CUDA_CHECK(cudaMalloc(&dsorted, n * sizeof(Particle)));
  CUDA_CHECK(cudaMalloc(&dcounts, NCELLS * 4));
  CUDA_CHECK(cudaMalloc(&dstart, NCELLS * 4));
  CUDA_CHECK(cudaMalloc(&dfill, NCELLS * 4));
  CUDA_CHECK(cudaMalloc(&dcellOf, n * 4));
  CUDA_CHECK(cudaMalloc(&dnb, n * 4));
  CUDA_CHECK(cudaMalloc(&drho, n * 4));
  CUDA_CHECK(cudaMemcpy(dp, p, n * sizeof(Particle), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemset(dcounts, 0, NCELLS * 4));
  int blocks = (n + 255) / 256;
  count_cells<<<blocks, 256>>>(dp, n, cs, dcounts, dcellOf);
  scan_cells<<<1, 1024>>>(dcounts, dstart);
  CUDA_CHECK(cudaMemcpy(dfill, dstart, NCELLS * 4, cudaMemcpyDeviceToDevice));
  scatter<<<blocks, 256>>>(dp, dcellOf, n, dfill, dsorted);
  neighbours<<<blocks, 256>>>(dsorted, dstart, dcounts, n, cs, r2, dnb, drho);
  LAUNCH_CHECK();
  int *counts = (int *)malloc(NCELLS * 4), *start = (int *)malloc(NCELLS * 4), *nb = (int *)malloc(n * 4);
  float *rho = (float *)malloc(n * 4);
  Particle *sorted = (Particle *)malloc(n * sizeof(Particle));
  CUDA_CHECK(cudaMemcpy(counts, dcounts, NCELLS * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(start, dstart, NCELLS * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(nb, dnb, n * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(rho, drho, n * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(sorted, dsorted, n * sizeof(Particle), cudaMemcpyDeviceToHost));
  int wc[NCELLS] = {0};
  for (int i = 0; i < n; i++) wc[cell_hash(cell_of(p[i].pos, cs))]++;
  int run = 0;
  for (int c = 0; c < NCELLS; c++) {
    EXPECT(counts[c] == wc[c], "cell %d count %d, want %d", c, counts[c], wc[c]);
    EXPECT(start[c] == run, "cell %d start %d, want %d", c, start[c], run);
    run += wc[c];
  }
  // Sorted order: cells ascending; each particle is a real input particle.
  for (int i = 1; i < n; i++)
    EXPECT(cell_hash(cell_of(sorted[i - 1].pos, cs)) <= cell_hash(cell_of(sorted[i].pos, cs)), "not sorted at %d", i);
  // All pairs on the host, for each sorted particle (the float distance computed the same
  // way; the count may differ only for pairs within rounding of the radius).
  int borderline = 0;
  for (int i = 0; i < n; i++) {
    int cnt = 0;
    double dens = 0;
    float3 pi = sorted[i].pos;
    for (int j = 0; j < n; j++) {
      float dx = sorted[j].pos.x - pi.x, dy = sorted[j].pos.y - pi.y, dz = sorted[j].pos.z - pi.z;
      double q = (double)dx * dx + (double)dy * dy + (double)dz * dz;
      if (fabs(q - r2) < 1e-9) borderline++;
      if (q < r2) {
        cnt++;
        double w = r2 - q;
        dens += sorted[j].mass * w * w * w;
      }
    }
    EXPECT(abs(nb[i] - cnt) <= borderline, "particle %d: %d neighbours, want %d", i, nb[i], cnt);
    EXPECT(app_close(rho[i], dens, 1e-12, 1e-3), "particle %d: density %g, want %g", i, rho[i], dens);
  }
  cudaFree(dp); cudaFree(dsorted); cudaFree(dcounts); cudaFree(dstart); cudaFree(dfill); cudaFree(dcellOf);
  cudaFree(dnb); cudaFree(drho);
  free(p); free(counts); free(start); free(nb); free(rho); free(sorted);
  return app_finish("particles_grid");
}
