// cudaMalloc3D pitched memory, cudaMemset3D of a sub-box, then cudaMemcpy3D from the
// pitched memory into a 3D array (device to device) read back through tex3D, and
// cudaMemcpy3D from the array to the host: the 3D copy paths between linear memory and
// arrays agree with a host model of the same steps.
#include "check.h"

#define W 5
#define H 4
#define D 3

__global__ void read3d(cudaTextureObject_t t, unsigned char *out) {
  int x = threadIdx.x, y = threadIdx.y, z = blockIdx.x;
  out[(z * H + y) * W + x] = tex3D<unsigned char>(t, x + 0.5f, y + 0.5f, z + 0.5f);
}

int main() {
  cudaExtent ext = make_cudaExtent(W, H, D);
  cudaPitchedPtr pp;
  CUDA_CHECK(cudaMalloc3D(&pp, ext));
  EXPECT(pp.pitch >= W && pp.xsize == W && pp.ysize == H && pp.ptr != NULL, "pitched ptr: pitch %zu", pp.pitch);
  unsigned char host[D][H][W];
  for (int z = 0; z < D; z++)
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) host[z][y][x] = (unsigned char)(50 * z + 10 * y + x);
  cudaMemcpy3DParms p;
  memset(&p, 0, sizeof p);
  p.srcPtr = make_cudaPitchedPtr(host, W, W, H);
  p.dstPtr = pp;
  p.extent = ext;
  p.kind = cudaMemcpyHostToDevice;
  CUDA_CHECK(cudaMemcpy3D(&p));
  // Set a 2x2x2 box at (1,1,1) to 0xEE: the pointer is moved to the box's first byte.
  cudaPitchedPtr box = pp;
  box.ptr = (char *)pp.ptr + 1 * pp.pitch * H + 1 * pp.pitch + 1;
  CUDA_CHECK(cudaMemset3D(box, 0xEE, make_cudaExtent(2, 2, 2)));
  for (int z = 1; z < 3; z++)
    for (int y = 1; y < 3; y++)
      for (int x = 1; x < 3; x++) host[z][y][x] = 0xEE;

  cudaChannelFormatDesc cd = cudaCreateChannelDesc<unsigned char>();
  cudaArray_t a;
  CUDA_CHECK(cudaMalloc3DArray(&a, &cd, ext));
  memset(&p, 0, sizeof p);
  p.srcPtr = pp;
  p.dstArray = a;
  p.extent = ext;
  p.kind = cudaMemcpyDeviceToDevice;
  CUDA_CHECK(cudaMemcpy3D(&p));

  cudaResourceDesc rd;
  memset(&rd, 0, sizeof rd);
  rd.resType = cudaResourceTypeArray;
  rd.res.array.array = a;
  cudaTextureDesc td;
  memset(&td, 0, sizeof td);
  td.readMode = cudaReadModeElementType;
  cudaTextureObject_t t;
  CUDA_CHECK(cudaCreateTextureObject(&t, &rd, &td, NULL));
  unsigned char *dout, out[D][H][W], back[D][H][W];
  CUDA_CHECK(cudaMalloc(&dout, sizeof out));
  read3d<<<D, dim3(W, H)>>>(t, dout);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
  memset(&p, 0, sizeof p);
  p.srcArray = a;
  p.dstPtr = make_cudaPitchedPtr(back, W, W, H);
  p.extent = ext;
  p.kind = cudaMemcpyDeviceToHost;
  CUDA_CHECK(cudaMemcpy3D(&p));
  for (int z = 0; z < D; z++)
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) {
        EXPECT(out[z][y][x] == host[z][y][x], "tex3D (%d,%d,%d): %d want %d", x, y, z, out[z][y][x], host[z][y][x]);
        EXPECT(back[z][y][x] == host[z][y][x], "array copy (%d,%d,%d): %d want %d", x, y, z, back[z][y][x],
               host[z][y][x]);
      }
  // An extent past the array's depth is refused.
  p.extent = make_cudaExtent(W, H, D + 1);
  EXPECT(cudaMemcpy3D(&p) != cudaSuccess, "a copy deeper than the array fails");
  cudaGetLastError();
  CUDA_CHECK(cudaDestroyTextureObject(t));
  CUDA_CHECK(cudaFreeArray(a));
  CUDA_CHECK(cudaFree(pp.ptr));
  CUDA_CHECK(cudaFree(dout));
  return check_finish("tex_malloc3d_pitched");
}
