// 1D, 2D and 3D grids and blocks: every thread writes its ids; the host checks each one
// against the linearisation CUDA defines (x fastest), plus blockDim/gridDim as seen inside.
#include "check.h"

struct Ids {
  unsigned tx, ty, tz, bx, by, bz, bdx, bdy, bdz, gdx, gdy, gdz;
};

__global__ void record(Ids *out) {
  unsigned bid = (blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x;
  unsigned tid = (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
  unsigned threads = blockDim.x * blockDim.y * blockDim.z;
  Ids v = {threadIdx.x, threadIdx.y, threadIdx.z, blockIdx.x, blockIdx.y, blockIdx.z,
           blockDim.x, blockDim.y, blockDim.z, gridDim.x, gridDim.y, gridDim.z};
  out[bid * threads + tid] = v;
}

static void run(dim3 grid, dim3 block) {
  size_t threads = (size_t)block.x * block.y * block.z, n = threads * grid.x * grid.y * grid.z;
  Ids *d, *h = (Ids *)malloc(n * sizeof(Ids));
  CUDA_CHECK(cudaMalloc(&d, n * sizeof(Ids)));
  CUDA_CHECK(cudaMemset(d, 0xee, n * sizeof(Ids)));
  record<<<grid, block>>>(d);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(h, d, n * sizeof(Ids), cudaMemcpyDeviceToHost));
  size_t i = 0;
  for (unsigned bz = 0; bz < grid.z; bz++)
    for (unsigned by = 0; by < grid.y; by++)
      for (unsigned bx = 0; bx < grid.x; bx++)
        for (unsigned tz = 0; tz < block.z; tz++)
          for (unsigned ty = 0; ty < block.y; ty++)
            for (unsigned tx = 0; tx < block.x; tx++, i++) {
              Ids v = h[i];
              bool ok = v.tx == tx && v.ty == ty && v.tz == tz && v.bx == bx && v.by == by &&
                        v.bz == bz && v.bdx == block.x && v.bdy == block.y &&
                        v.bdz == block.z && v.gdx == grid.x && v.gdy == grid.y &&
                        v.gdz == grid.z;
              EXPECT(ok, "grid (%u,%u,%u) block (%u,%u,%u): thread (%u,%u,%u) of block "
                     "(%u,%u,%u) wrote (%u,%u,%u)/(%u,%u,%u)", grid.x, grid.y, grid.z,
                     block.x, block.y, block.z, tx, ty, tz, bx, by, bz, v.tx, v.ty, v.tz,
                     v.bx, v.by, v.bz);
            }
  cudaFree(d);
  free(h);
}

int main() {
  run(dim3(7), dim3(33));
  run(dim3(5, 3), dim3(8, 4));
  run(dim3(3, 2, 4), dim3(4, 3, 5));
  run(dim3(1, 1, 9), dim3(1, 1, 64));
  run(dim3(2, 70000 / 1000), dim3(3, 7, 2));
  run(dim3(1000), dim3(1));
  return check_finish("grid_dims");
}
