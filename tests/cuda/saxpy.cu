// SAXPY and DAXPY (y = a*x + y) over odd sizes with a grid-stride loop and a fixed small grid.
#include "check.h"

__global__ void saxpy(int n, float a, const float *x, float *y) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    y[i] = a * x[i] + y[i];
}

__global__ void daxpy(int n, double a, const double *x, double *y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

int main() {
  const int n = 1 << 20 | 3;
  float *x = (float *)malloc(n * 4), *y = (float *)malloc(n * 4), *r = (float *)malloc(n * 4);
  for (int i = 0; i < n; i++) {
    x[i] = (float)(i % 1000) * 0.5f;
    y[i] = (float)(i % 77) - 30.0f;
  }
  float *dx, *dy;
  CUDA_CHECK(cudaMalloc(&dx, n * 4));
  CUDA_CHECK(cudaMalloc(&dy, n * 4));
  CUDA_CHECK(cudaMemcpy(dx, x, n * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dy, y, n * 4, cudaMemcpyHostToDevice));
  saxpy<<<64, 192>>>(n, 2.5f, dx, dy);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, dy, n * 4, cudaMemcpyDeviceToHost));
  // Exact: the products and sums are small multiples of 0.25, representable in float.
  for (int i = 0; i < n; i++) EXPECT(r[i] == 2.5f * x[i] + y[i], "saxpy i=%d %g", i, r[i]);

  const int m = 77777;
  double *dxh = (double *)malloc(m * 8), *dyh = (double *)malloc(m * 8), *dr = (double *)malloc(m * 8);
  for (int i = 0; i < m; i++) {
    dxh[i] = 1.0 / (i + 1);
    dyh[i] = i * 0.001;
  }
  double *ddx, *ddy;
  CUDA_CHECK(cudaMalloc(&ddx, m * 8));
  CUDA_CHECK(cudaMalloc(&ddy, m * 8));
  CUDA_CHECK(cudaMemcpy(ddx, dxh, m * 8, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(ddy, dyh, m * 8, cudaMemcpyHostToDevice));
  daxpy<<<(m + 255) / 256, 256>>>(m, -3.25, ddx, ddy);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(dr, ddy, m * 8, cudaMemcpyDeviceToHost));
  // A fused multiply-add on the device may differ from the host's a*x+y by one rounding.
  for (int i = 0; i < m; i++) {
    double want = fma(-3.25, dxh[i], dyh[i]), plain = -3.25 * dxh[i] + dyh[i];
    EXPECT(dr[i] == want || dr[i] == plain, "daxpy i=%d %.17g vs %.17g", i, dr[i], want);
  }
  cudaFree(dx);
  cudaFree(dy);
  cudaFree(ddx);
  cudaFree(ddy);
  return check_finish("saxpy");
}
