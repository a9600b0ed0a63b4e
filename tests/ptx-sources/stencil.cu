// 2D and 3D stencils with shared-memory tiles and halos, boundary handling by clamping,
// and a 3D 7-point Jacobi step with register queues along z.
#define TILE 16
#define R 2

__global__ void stencil2d(const float *in, float *out, int w, int h) {
  __shared__ float tile[TILE + 2 * R][TILE + 2 * R];
  int gx = blockIdx.x * TILE + threadIdx.x, gy = blockIdx.y * TILE + threadIdx.y;
  for (int dy = threadIdx.y; dy < TILE + 2 * R; dy += TILE)
    for (int dx = threadIdx.x; dx < TILE + 2 * R; dx += TILE) {
      int x = min(max((int)(blockIdx.x * TILE) + dx - R, 0), w - 1);
      int y = min(max((int)(blockIdx.y * TILE) + dy - R, 0), h - 1);
      tile[dy][dx] = in[y * w + x];
    }
  __syncthreads();
  if (gx >= w || gy >= h) return;
  float s = 0.0f;
  for (int k = -R; k <= R; k++) s += tile[threadIdx.y + R][threadIdx.x + R + k] + tile[threadIdx.y + R + k][threadIdx.x + R];
  out[gy * w + gx] = s / (4 * R + 2);
}

__global__ void jacobi3d(const float *in, float *out, int nx, int ny, int nz) {
  int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x < 1 || y < 1 || x >= nx - 1 || y >= ny - 1) return;
  size_t plane = (size_t)nx * ny;
  float below = in[plane * 0 + y * nx + x], cur = in[plane + y * nx + x];
  for (int z = 1; z < nz - 1; z++) {
    size_t c = plane * z + (size_t)y * nx + x;
    float above = in[c + plane];
    out[c] = (below + above + in[c - 1] + in[c + 1] + in[c - nx] + in[c + nx] + cur) * (1.0f / 7.0f);
    below = cur;
    cur = above;
  }
}
