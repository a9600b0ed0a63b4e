// A 7-point 3D Jacobi stencil in the style of Parboil/HeCBench stencil and Rodinia's
// hotspot3D: a 2D thread block marches along z keeping the column below, at and above in
// registers, the current plane in shared memory with a one-cell halo loaded by the edge
// threads. Several sweeps with ping-pong buffers; the boundary is held fixed.
#include "apps.h"

#define BX 32
#define BY 8

__global__ void jacobi7(const float *__restrict__ in, float *__restrict__ out, int nx, int ny, int nz, float c0,
                        float c1) {
  __shared__ float plane[BY + 2][BX + 2];
  int i = blockIdx.x * BX + threadIdx.x, j = blockIdx.y * BY + threadIdx.y;
  int tx = threadIdx.x + 1, ty = threadIdx.y + 1;
  bool inside = i < nx && j < ny;
  size_t stride = (size_t)nx * ny;
  float below = 0, cur = 0, above = 0;
  if (inside) {
    below = in[j * nx + i];
    cur = in[stride + j * nx + i];
  }
  for (int k = 1; k < nz - 1; k++) {
    if (inside) above = in[(k + 1) * stride + j * nx + i];
    __syncthreads();  // the previous plane is no longer read
    if (inside) {
      plane[ty][tx] = cur;
      if (threadIdx.x == 0 && i > 0) plane[ty][0] = in[k * stride + j * nx + i - 1];
      if ((threadIdx.x == BX - 1 || i == nx - 1) && i < nx - 1) plane[ty][tx + 1] = in[k * stride + j * nx + i + 1];
      if (threadIdx.y == 0 && j > 0) plane[0][tx] = in[k * stride + (j - 1) * nx + i];
      if ((threadIdx.y == BY - 1 || j == ny - 1) && j < ny - 1) plane[ty + 1][tx] = in[k * stride + (j + 1) * nx + i];
    }
    __syncthreads();
    if (inside) {
      float v = cur;
      if (i > 0 && j > 0 && i < nx - 1 && j < ny - 1)
        v = c0 * cur + c1 * (plane[ty][tx - 1] + plane[ty][tx + 1] + plane[ty - 1][tx] + plane[ty + 1][tx] + below + above);
      out[k * stride + j * nx + i] = v;
    }
    below = cur;
    cur = above;
  }
}

int main() {
  const int nx = 100, ny = 60, nz = 40, sweeps = 4;
  const size_t n = (size_t)nx * ny * nz;
  const float c0 = 0.4f, c1 = 0.1f;
  float *h = (float *)malloc(n * 4), *r = (float *)malloc(n * 4);
  float *a = (float *)malloc(n * 4), *b = (float *)malloc(n * 4);
  uint32_t seed = 8;
  for (size_t i = 0; i < n; i++) h[i] = app_randf(&seed, 0, 1);
  float *d[2];
  CUDA_CHECK(cudaMalloc(&d[0], n * 4));
  CUDA_CHECK(cudaMalloc(&d[1], n * 4));
  CUDA_CHECK(cudaMemcpy(d[0], h, n * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d[1], h, n * 4, cudaMemcpyHostToDevice));  // boundary planes z=0, nz-1
  dim3 block(BX, BY), grid((nx + BX - 1) / BX, (ny + BY - 1) / BY);
  for (int s = 0; s < sweeps; s++) {
    jacobi7<<<grid, block>>>(d[s & 1], d[(s + 1) & 1], nx, ny, nz, c0, c1);
    CUDA_CHECK(cudaGetLastError());
  }
  CUDA_CHECK(cudaDeviceSynchronize());
  CUDA_CHECK(cudaMemcpy(r, d[sweeps & 1], n * 4, cudaMemcpyDeviceToHost));
  memcpy(a, h, n * 4);
  memcpy(b, h, n * 4);
  float *src = a, *dst = b;
  for (int s = 0; s < sweeps; s++) {
    for (int k = 1; k < nz - 1; k++)
      for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
          size_t c = (size_t)k * nx * ny + j * nx + i;
          float v = src[c];
          if (i > 0 && j > 0 && i < nx - 1 && j < ny - 1)
            v = c0 * src[c] + c1 * (src[c - 1] + src[c + 1] + src[c - nx] + src[c + nx] + src[c - nx * ny] +
                                    src[c + nx * ny]);
          dst[c] = v;
        }
    float *t = src; src = dst; dst = t;
  }
  for (size_t c = 0; c < n; c++)
    EXPECT(app_close(r[c], src[c], 1e-5, 1e-5), "cell %zu = %f, want %f", c, r[c], src[c]);
  cudaFree(d[0]); cudaFree(d[1]); free(h); free(r); free(a); free(b);
  return app_finish("stencil3d");
}
