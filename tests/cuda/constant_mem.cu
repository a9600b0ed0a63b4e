// __constant__ memory written with cudaMemcpyToSymbol (whole and at an offset) and read
// uniformly and at thread-dependent indices; a __constant__ with a static initialiser.
#include "check.h"

__constant__ float coeffs[16];
__constant__ int table[256];
__constant__ int initialised[4] = {11, 22, 33, 44};
struct Params {
  int scale;
  double offset;
  char name[8];
};
__constant__ Params params;

__global__ void poly(const float *x, float *y, int *t, double *p, int n) {
  int g = blockIdx.x * blockDim.x + threadIdx.x;
  if (g >= n) return;
  float acc = 0;
  for (int i = 15; i >= 0; i--) acc = acc * x[g] + coeffs[i]; // uniform index
  y[g] = acc;
  t[g] = table[g & 255] * params.scale + initialised[g & 3];  // varying index
  p[g] = params.offset + params.name[g % 7];
}

int main() {
  const int n = 1000;
  float hc[16], hx[n], hy[n], *dx, *dy;
  int ht[256], res_t[n], *dt;
  double res_p[n], *dp;
  for (int i = 0; i < 16; i++) hc[i] = (i % 3 == 0) ? 0.0f : 1.0f / (1 << (i % 5));
  for (int i = 0; i < 256; i++) ht[i] = i * i - 300;
  for (int i = 0; i < n; i++) hx[i] = (float)(i % 8) / 8.0f; // exact powers of 1/2
  Params hp = {3, 0.25, "ptxvm!"};
  CUDA_CHECK(cudaMemcpyToSymbol(coeffs, hc, sizeof hc));
  CUDA_CHECK(cudaMemcpyToSymbol(table, ht, 128 * sizeof(int)));
  CUDA_CHECK(cudaMemcpyToSymbol(table, ht + 128, 128 * sizeof(int), 128 * sizeof(int)));
  CUDA_CHECK(cudaMemcpyToSymbol(params, &hp, sizeof hp));
  CUDA_CHECK(cudaMalloc(&dx, sizeof hx));
  CUDA_CHECK(cudaMalloc(&dy, sizeof hy));
  CUDA_CHECK(cudaMalloc(&dt, sizeof res_t));
  CUDA_CHECK(cudaMalloc(&dp, sizeof res_p));
  CUDA_CHECK(cudaMemcpy(dx, hx, sizeof hx, cudaMemcpyHostToDevice));
  poly<<<(n + 127) / 128, 128>>>(dx, dy, dt, dp, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(hy, dy, sizeof hy, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(res_t, dt, sizeof res_t, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(res_p, dp, sizeof res_p, cudaMemcpyDeviceToHost));
  for (int g = 0; g < n; g++) {
    float acc = 0;
    for (int i = 15; i >= 0; i--) acc = acc * hx[g] + hc[i];
    // A contracted multiply-add may round differently; allow 2 ulp.
    EXPECT(ulp_distance_f(hy[g], acc) <= 2, "poly g=%d %g vs %g", g, hy[g], acc);
    int inits[4] = {11, 22, 33, 44};
    EXPECT(res_t[g] == ht[g & 255] * 3 + inits[g & 3], "table g=%d %d", g, res_t[g]);
    EXPECT(res_p[g] == 0.25 + hp.name[g % 7], "params g=%d %g", g, res_p[g]);
  }
  Params back;
  CUDA_CHECK(cudaMemcpyFromSymbol(&back, params, sizeof back));
  EXPECT(back.scale == 3 && strcmp(back.name, "ptxvm!") == 0, "cudaMemcpyFromSymbol of __constant__");
  return check_finish("constant_mem");
}
