// Copies into a CUDA array and a texture-reading kernel captured into a graph: the graph
// replays the array copy (from whatever the host buffer holds at launch) before the
// kernel, so each replay samples the new data.
#include "check.h"

#define W 16
#define H 4

__global__ void sum_rows(cudaTextureObject_t t, float *out) {
  int y = threadIdx.x;
  float s = 0;
  for (int x = 0; x < W; x++) s += tex2D<float>(t, x + 0.5f, y + 0.5f);
  out[y] = s;
}

int main() {
  float host[H][W];
  cudaChannelFormatDesc cd = cudaCreateChannelDesc<float>();
  cudaArray_t a;
  CUDA_CHECK(cudaMallocArray(&a, &cd, W, H));
  cudaResourceDesc rd;
  memset(&rd, 0, sizeof rd);
  rd.resType = cudaResourceTypeArray;
  rd.res.array.array = a;
  cudaTextureDesc td;
  memset(&td, 0, sizeof td);
  td.readMode = cudaReadModeElementType;
  cudaTextureObject_t t;
  CUDA_CHECK(cudaCreateTextureObject(&t, &rd, &td, NULL));
  float *dout, out[H];
  CUDA_CHECK(cudaMalloc(&dout, sizeof out));
  cudaStream_t s;
  CUDA_CHECK(cudaStreamCreate(&s));
  CUDA_CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
  // Rows 1..3 from the host buffer, at a byte offset of one element; row 0 stays as is.
  CUDA_CHECK(cudaMemcpy2DToArrayAsync(a, 0, 1, &host[1][0], W * 4, W * 4, H - 1, cudaMemcpyHostToDevice, s));
  sum_rows<<<1, H, 0, s>>>(t, dout);
  cudaGraph_t g;
  CUDA_CHECK(cudaStreamEndCapture(s, &g));
  cudaGraphExec_t ge;
  CUDA_CHECK(cudaGraphInstantiate(&ge, g, 0));
  for (int round = 1; round <= 2; round++) {
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) host[y][x] = (float)(round * 100 + y * W + x);
    CUDA_CHECK(cudaGraphLaunch(ge, s));
    CUDA_CHECK(cudaStreamSynchronize(s));
    CUDA_CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    for (int y = 0; y < H; y++) {
      float want = 0;
      for (int x = 0; x < W; x++) want += y == 0 ? 0.0f : host[y][x];
      EXPECT(out[y] == want, "round %d row %d: %g want %g", round, y, out[y], want);
    }
  }
  CUDA_CHECK(cudaGraphExecDestroy(ge));
  CUDA_CHECK(cudaGraphDestroy(g));
  CUDA_CHECK(cudaStreamDestroy(s));
  CUDA_CHECK(cudaDestroyTextureObject(t));
  CUDA_CHECK(cudaFreeArray(a));
  CUDA_CHECK(cudaFree(dout));
  return check_finish("tex_graph_capture");
}
