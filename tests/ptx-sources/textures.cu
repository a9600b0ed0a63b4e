// Texture objects: tex1Dfetch on linear memory, tex1D/tex2D/tex3D with float coordinates,
// tex2DLod, layered textures and texture gathers, in several element types.
// ROUNDTRIP: EXTRACT
__global__ void tex_fetch(cudaTextureObject_t t, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tex1Dfetch<float>(t, i) + (float)tex1Dfetch<int>(t, n - 1 - i);
}

__global__ void tex_2d(cudaTextureObject_t t, cudaTextureObject_t t4, float *out, int w, int h) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  float u = (x + 0.5f) / w, v = (y + 0.5f) / h;
  float a = tex2D<float>(t, u, v);
  float4 b = tex2D<float4>(t4, x + 0.5f, y + 0.5f);
  float c = tex2DLod<float>(t, u, v, 1.5f);
  float4 g = tex2Dgather<float4>(t4, u, v, 0);
  uchar4 q = tex2D<uchar4>(t4, u, v);
  out[y * w + x] = a + b.x + b.y * b.z - b.w + c + g.x + g.w + q.x;
}

__global__ void tex_1d_3d(cudaTextureObject_t t1, cudaTextureObject_t t3, cudaTextureObject_t tl, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float a = tex1D<float>(t1, i * 0.25f);
  float b = tex3D<float>(t3, i * 0.1f, i * 0.2f, i * 0.3f);
  float c = tex2DLayered<float>(tl, 0.5f, 0.5f, i & 3);
  int2 d = tex1D<int2>(t1, 0.0f);
  out[i] = a + b + c + d.x + d.y;
}
