// tex2D on a CUDA array (cudaMallocArray + cudaMemcpy2DToArray) with nearest-point and
// linear filtering under clamp, border, wrap and mirror addressing, unnormalized and
// normalized coordinates, checked against the host reference of the CUDA Programming
// Guide's "Texture Fetching" formulas; also float4 texels, the array round trip through
// cudaMemcpy2DFromArray, cudaArrayGetInfo and the texture object's descriptors.
#include "check.h"
#include "tex_reference.h"

#define W 8
#define H 6
#define NS 64

__global__ void sample(cudaTextureObject_t t, const float2 *uv, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tex2D<float>(t, uv[i].x, uv[i].y);
}

__global__ void sample4(cudaTextureObject_t t, const float2 *uv, float4 *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tex2D<float4>(t, uv[i].x, uv[i].y);
}

static cudaTextureObject_t make_tex(cudaArray_t a, cudaTextureAddressMode m, cudaTextureFilterMode f, bool norm) {
  cudaResourceDesc rd;
  memset(&rd, 0, sizeof rd);
  rd.resType = cudaResourceTypeArray;
  rd.res.array.array = a;
  cudaTextureDesc td;
  memset(&td, 0, sizeof td);
  td.addressMode[0] = td.addressMode[1] = m;
  td.filterMode = f;
  td.readMode = cudaReadModeElementType;
  td.normalizedCoords = norm;
  td.borderColor[0] = -7.5f;
  td.borderColor[1] = 1.25f;
  td.borderColor[2] = 2.5f;
  td.borderColor[3] = 3.75f;
  cudaTextureObject_t t = 0;
  CUDA_CHECK(cudaCreateTextureObject(&t, &rd, &td, NULL));
  return t;
}

int main() {
  float img[H][W], img4[H][W][4];
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      img[y][x] = (float)((x * 7 + y * 13) % 17) * 0.5f;
      for (int c = 0; c < 4; c++) img4[y][x][c] = (float)(x + 10 * y + 100 * c);
    }
  cudaChannelFormatDesc cd = cudaCreateChannelDesc<float>();
  cudaArray_t arr, arr4;
  CUDA_CHECK(cudaMallocArray(&arr, &cd, W, H));
  CUDA_CHECK(cudaMemcpy2DToArray(arr, 0, 0, img, W * sizeof(float), W * sizeof(float), H, cudaMemcpyHostToDevice));
  cudaChannelFormatDesc cd4 = cudaCreateChannelDesc<float4>();
  CUDA_CHECK(cudaMallocArray(&arr4, &cd4, W, H));
  CUDA_CHECK(cudaMemcpy2DToArray(arr4, 0, 0, img4, W * 16, W * 16, H, cudaMemcpyHostToDevice));

  // Array metadata and the round trip.
  cudaChannelFormatDesc got;
  cudaExtent ext;
  unsigned flags = 99;
  CUDA_CHECK(cudaArrayGetInfo(&got, &ext, &flags, arr4));
  EXPECT(got.x == 32 && got.y == 32 && got.z == 32 && got.w == 32 && got.f == cudaChannelFormatKindFloat,
         "channel desc %d %d %d %d kind %d", got.x, got.y, got.z, got.w, (int)got.f);
  EXPECT(ext.width == W && ext.height == H && ext.depth == 0 && flags == 0, "extent %zu %zu %zu flags %u",
         ext.width, ext.height, ext.depth, flags);
  float back[H][W];
  memset(back, 0, sizeof back);
  CUDA_CHECK(cudaMemcpy2DFromArray(back, W * sizeof(float), arr, 0, 0, W * sizeof(float), H, cudaMemcpyDeviceToHost));
  EXPECT(memcmp(back, img, sizeof img) == 0, "cudaMemcpy2DFromArray returns what was copied in");
  // A sub-rectangle: 3x2 texels at (2, 3) from a host buffer with a wider pitch.
  float patch[2][5] = {{100, 101, 102, -1, -1}, {103, 104, 105, -1, -1}};
  CUDA_CHECK(cudaMemcpy2DToArray(arr, 2 * sizeof(float), 3, patch, 5 * sizeof(float), 3 * sizeof(float), 2,
                                 cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy2DFromArray(back, W * sizeof(float), arr, 0, 0, W * sizeof(float), H, cudaMemcpyDeviceToHost));
  EXPECT(back[3][2] == 100 && back[3][4] == 102 && back[4][2] == 103 && back[4][4] == 105 && back[3][5] == img[3][5] &&
             back[2][2] == img[2][2],
         "sub-rectangle copy: %g %g %g %g", back[3][2], back[3][4], back[4][2], back[4][4]);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) img[y][x] = back[y][x];
  EXPECT(cudaMemcpy2DToArray(arr, 6 * sizeof(float), 0, patch, 5 * sizeof(float), 3 * sizeof(float), 1,
                             cudaMemcpyHostToDevice) != cudaSuccess,
         "a copy past the array's right edge fails");
  cudaGetLastError();

  // Coordinates: inside, on texel centres and edges, and outside on every side.
  float2 uv[NS], *duv;
  for (int i = 0; i < NS; i++) {
    uv[i].x = -3.3f + (float)i * 0.23f;
    uv[i].y = -2.1f + (float)((i * 5) % 23) * 0.47f;
  }
  uv[0] = make_float2(0.5f, 0.5f);
  uv[1] = make_float2(3.5f, 2.5f);
  uv[2] = make_float2(7.99f, 5.99f);
  uv[3] = make_float2(8.0f, 6.0f);
  float2 uvn[NS], *duvn; // normalized: spans [-1.3, 2.2) in both dimensions
  for (int i = 0; i < NS; i++) {
    uvn[i].x = -1.3f + (float)i * 0.0551f;
    uvn[i].y = 2.17f - (float)((i * 7) % 31) * 0.1113f;
  }
  CUDA_CHECK(cudaMalloc(&duv, sizeof uv));
  CUDA_CHECK(cudaMalloc(&duvn, sizeof uvn));
  CUDA_CHECK(cudaMemcpy(duv, uv, sizeof uv, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(duvn, uvn, sizeof uvn, cudaMemcpyHostToDevice));
  float *dout, out[NS];
  CUDA_CHECK(cudaMalloc(&dout, sizeof out));

  struct Case {
    cudaTextureAddressMode mode;
    cudaTextureFilterMode filter;
    bool norm;
    const char *name;
  } cases[] = {
      {cudaAddressModeClamp, cudaFilterModePoint, false, "point clamp"},
      {cudaAddressModeClamp, cudaFilterModeLinear, false, "linear clamp"},
      {cudaAddressModeBorder, cudaFilterModePoint, false, "point border"},
      {cudaAddressModeBorder, cudaFilterModeLinear, false, "linear border"},
      {cudaAddressModeClamp, cudaFilterModeLinear, true, "linear clamp normalized"},
      {cudaAddressModeWrap, cudaFilterModePoint, true, "point wrap normalized"},
      {cudaAddressModeWrap, cudaFilterModeLinear, true, "linear wrap normalized"},
      {cudaAddressModeMirror, cudaFilterModePoint, true, "point mirror normalized"},
      {cudaAddressModeMirror, cudaFilterModeLinear, true, "linear mirror normalized"},
      {cudaAddressModeBorder, cudaFilterModeLinear, true, "linear border normalized"},
  };
  for (const Case &k : cases) {
    cudaTextureObject_t t = make_tex(arr, k.mode, k.filter, k.norm);
    sample<<<2, 32>>>(t, k.norm ? duvn : duv, dout, NS);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    RefTex r = {&img[0][0], W, H, 1, 1, {k.mode, k.mode, k.mode}, k.filter == cudaFilterModeLinear, k.norm,
                {-7.5f, 1.25f, 2.5f, 3.75f}};
    int bad = 0;
    for (int i = 0; i < NS; i++) {
      float u[2] = {k.norm ? uvn[i].x : uv[i].x, k.norm ? uvn[i].y : uv[i].y}, want[4];
      ref_sample(r, 2, u, want);
      if (std::fabs(out[i] - want[0]) > 1e-4f && bad++ < 3)
        EXPECT(false, "%s at (%g, %g): got %.6g, want %.6g", k.name, u[0], u[1], out[i], want[0]);
    }
    CUDA_CHECK(cudaDestroyTextureObject(t));
  }
  // Exact values where the formulas leave no doubt.
  {
    cudaTextureObject_t t = make_tex(arr, cudaAddressModeClamp, cudaFilterModeLinear, false);
    sample<<<1, 32>>>(t, duv, dout, 4);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(out, dout, 4 * sizeof(float), cudaMemcpyDeviceToHost));
    EXPECT(out[0] == img[0][0] && out[1] == img[2][3] && out[3] == img[5][7], "texel centres give texels: %g %g %g",
           out[0], out[1], out[3]);
    CUDA_CHECK(cudaDestroyTextureObject(t));
  }

  // float4 texels, linear filter: every channel filtered with the same weights.
  {
    cudaTextureObject_t t = make_tex(arr4, cudaAddressModeClamp, cudaFilterModeLinear, false);
    cudaResourceDesc rd;
    CUDA_CHECK(cudaGetTextureObjectResourceDesc(&rd, t));
    EXPECT(rd.resType == cudaResourceTypeArray && rd.res.array.array == arr4, "resource desc gives the array back");
    cudaTextureDesc td;
    CUDA_CHECK(cudaGetTextureObjectTextureDesc(&td, t));
    EXPECT(td.filterMode == cudaFilterModeLinear && td.addressMode[1] == cudaAddressModeClamp &&
               td.borderColor[0] == -7.5f,
           "texture desc gives the settings back");
    float4 *d4, o4[NS];
    CUDA_CHECK(cudaMalloc(&d4, sizeof o4));
    sample4<<<2, 32>>>(t, duv, d4, NS);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(o4, d4, sizeof o4, cudaMemcpyDeviceToHost));
    RefTex r = {&img4[0][0][0], W, H, 1, 4, {cudaAddressModeClamp, cudaAddressModeClamp, cudaAddressModeClamp}, true,
                false, {0, 0, 0, 0}};
    for (int i = 0; i < NS; i++) {
      float u[2] = {uv[i].x, uv[i].y}, want[4];
      ref_sample(r, 2, u, want);
      float got4[4] = {o4[i].x, o4[i].y, o4[i].z, o4[i].w};
      for (int c = 0; c < 4; c++)
        EXPECT(std::fabs(got4[c] - want[c]) <= 1e-3f, "float4 at (%g, %g) channel %d: got %g, want %g", u[0], u[1],
               c, got4[c], want[c]);
    }
    CUDA_CHECK(cudaDestroyTextureObject(t));
    CUDA_CHECK(cudaFree(d4));
  }
  EXPECT(cudaDestroyTextureObject((cudaTextureObject_t)12345) != cudaSuccess, "destroying a bogus object fails");
  cudaGetLastError();
  CUDA_CHECK(cudaFreeArray(arr));
  CUDA_CHECK(cudaFreeArray(arr4));
  CUDA_CHECK(cudaFree(duv));
  CUDA_CHECK(cudaFree(duvn));
  CUDA_CHECK(cudaFree(dout));
  return check_finish("tex_2d_filtering");
}
