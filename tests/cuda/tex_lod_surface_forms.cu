// More instruction forms: tex2DLod / tex2DGrad (tex.level / tex.grad: one mip level, so
// level 0), tex1DLayered (tex.a1d), integer-coordinate reads of an array (tex.2d.v4.s32.s32
// via inline PTX), and surfaces of several element sizes and geometries: float4
// (suld/sust .v4.b32), uchar (.b8), short2 (.v2.b16), 1D, 2D layered and 3D, plus
// cudaBoundaryModeClamp and cudaBoundaryModeZero reads.
#include "check.h"

#define W 8
#define H 4

__global__ void lod_grad(cudaTextureObject_t t, float *out) {
  int x = threadIdx.x, y = threadIdx.y;
  out[(y * W + x) * 2] = tex2DLod<float>(t, x + 0.5f, y + 0.5f, 2.0f);
  out[(y * W + x) * 2 + 1] = tex2DGrad<float>(t, x + 0.5f, y + 0.5f, make_float2(4, 0), make_float2(0, 4));
}

__global__ void layered1d(cudaTextureObject_t t, float *out) {
  int x = threadIdx.x, layer = blockIdx.x;
  out[layer * W + x] = tex1DLayered<float>(t, x + 0.5f, layer);
}

__global__ void int_coords(cudaTextureObject_t t, int *out) {
  int x = threadIdx.x - 2, y = threadIdx.y; // x from -2: clamped
  int a, b, c, d;
  asm volatile("tex.2d.v4.s32.s32 {%0, %1, %2, %3}, [%4, {%5, %6}];"
               : "=r"(a), "=r"(b), "=r"(c), "=r"(d)
               : "l"(t), "r"(x), "r"(y));
  out[threadIdx.y * blockDim.x + threadIdx.x] = a | (b & c & d & 0); // one channel: only a matters
}

__global__ void surf_forms(cudaSurfaceObject_t s4, cudaSurfaceObject_t s1, cudaSurfaceObject_t s2,
                           cudaSurfaceObject_t sl, cudaSurfaceObject_t s3, int *clamp_out, int *zero_out) {
  int x = threadIdx.x, y = threadIdx.y;
  float4 v = surf2Dread<float4>(s4, x * 16, y);
  surf2Dwrite(make_float4(v.w, v.z, v.y, v.x * 2), s4, x * 16, y);
  if (y == 0) {
    unsigned char c = surf1Dread<unsigned char>(s1, x);
    surf1Dwrite((unsigned char)(c + 7), s1, x);
  }
  short2 p = surf2Dread<short2>(s2, x * 4, y);
  surf2Dwrite(make_short2(p.y, (short)-p.x), s2, x * 4, y);
  for (int layer = 0; layer < 2; layer++) {
    int q = surf2DLayeredread<int>(sl, x * 4, y, layer);
    surf2DLayeredwrite(q + 10 * layer + 1, sl, x * 4, y, layer);
  }
  for (int z = 0; z < 3; z++) {
    int q = surf3Dread<int>(s3, x * 4, y, z);
    surf3Dwrite(q * 2 + z, s3, x * 4, y, z);
  }
  // Reads outside the layered surface's rows, clamped and zeroed.
  clamp_out[y * W + x] = surf2DLayeredread<int>(sl, (x - 3) * 4, y + 2, 1, cudaBoundaryModeClamp);
  zero_out[y * W + x] = surf2DLayeredread<int>(sl, (x - 3) * 4, y + 2, 1, cudaBoundaryModeZero);
}

static cudaTextureObject_t make_tex(cudaArray_t a, cudaTextureFilterMode f) {
  cudaResourceDesc rd;
  memset(&rd, 0, sizeof rd);
  rd.resType = cudaResourceTypeArray;
  rd.res.array.array = a;
  cudaTextureDesc td;
  memset(&td, 0, sizeof td);
  td.filterMode = f;
  td.readMode = cudaReadModeElementType;
  cudaTextureObject_t t;
  CUDA_CHECK(cudaCreateTextureObject(&t, &rd, &td, NULL));
  return t;
}

static cudaSurfaceObject_t make_surf(cudaArray_t a) {
  cudaResourceDesc rd;
  memset(&rd, 0, sizeof rd);
  rd.resType = cudaResourceTypeArray;
  rd.res.array.array = a;
  cudaSurfaceObject_t s;
  CUDA_CHECK(cudaCreateSurfaceObject(&s, &rd));
  return s;
}

static void copy3d(cudaArray_t a, void *host, size_t row_bytes, size_t w, size_t h, size_t d, bool to_array) {
  cudaMemcpy3DParms p;
  memset(&p, 0, sizeof p);
  if (to_array) {
    p.srcPtr = make_cudaPitchedPtr(host, row_bytes, w, h);
    p.dstArray = a;
    p.kind = cudaMemcpyHostToDevice;
  } else {
    p.srcArray = a;
    p.dstPtr = make_cudaPitchedPtr(host, row_bytes, w, h);
    p.kind = cudaMemcpyDeviceToHost;
  }
  p.extent = make_cudaExtent(w, h, d);
  CUDA_CHECK(cudaMemcpy3D(&p));
}

int main() {
  float img[H][W];
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) img[y][x] = (float)(x * x + 10 * y);
  cudaChannelFormatDesc cf = cudaCreateChannelDesc<float>();
  cudaArray_t a;
  CUDA_CHECK(cudaMallocArray(&a, &cf, W, H));
  CUDA_CHECK(cudaMemcpy2DToArray(a, 0, 0, img, W * 4, W * 4, H, cudaMemcpyHostToDevice));
  float *dout, out[H * W * 2];
  CUDA_CHECK(cudaMalloc(&dout, sizeof out));
  {
    cudaTextureObject_t t = make_tex(a, cudaFilterModeLinear);
    lod_grad<<<1, dim3(W, H)>>>(t, dout);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++)
        EXPECT(out[(y * W + x) * 2] == img[y][x] && out[(y * W + x) * 2 + 1] == img[y][x],
               "lod/grad at texel centre (%d,%d): %g %g want %g", x, y, out[(y * W + x) * 2],
               out[(y * W + x) * 2 + 1], img[y][x]);
    cudaDestroyTextureObject(t);
  }
  {
    cudaTextureObject_t t = make_tex(a, cudaFilterModePoint);
    int *di, oi[H * (W + 2)];
    CUDA_CHECK(cudaMalloc(&di, sizeof oi));
    CUDA_CHECK(cudaMemset(di, 0, sizeof oi));
    int_coords<<<1, dim3(W + 2, H)>>>(t, di);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(oi, di, sizeof oi, cudaMemcpyDeviceToHost));
    for (int y = 0; y < H; y++)
      for (int tx = 0; tx < W + 2; tx++) {
        int x = tx - 2 < 0 ? 0 : tx - 2;
        float f;
        memcpy(&f, &oi[y * (W + 2) + tx], 4);
        EXPECT(f == img[y][x], "integer coordinates (%d,%d): %g want %g", tx - 2, y, f, img[y][x]);
      }
    cudaDestroyTextureObject(t);
    cudaFree(di);
  }
  cudaFreeArray(a);
  {
    const int L = 3;
    float rows[L][W];
    for (int l = 0; l < L; l++)
      for (int x = 0; x < W; x++) rows[l][x] = (float)(l * 100 + x);
    cudaArray_t la;
    CUDA_CHECK(cudaMalloc3DArray(&la, &cf, make_cudaExtent(W, 0, L), cudaArrayLayered));
    copy3d(la, rows, W * 4, W, 1, L, true);
    cudaTextureObject_t t = make_tex(la, cudaFilterModePoint);
    layered1d<<<L, W>>>(t, dout);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(out, dout, sizeof rows, cudaMemcpyDeviceToHost));
    EXPECT(memcmp(out, rows, sizeof rows) == 0, "tex1DLayered reads each layer's row: %g %g %g", out[0], out[W],
           out[2 * W + 1]);
    cudaDestroyTextureObject(t);
    cudaFreeArray(la);
  }
  cudaFree(dout);

  // Surfaces.
  float4 f4[H][W];
  unsigned char u1[W];
  short2 s2[H][W];
  int lay[2][H][W], vol[3][H][W];
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      f4[y][x] = make_float4(x, y, x + y, x * y);
      s2[y][x] = make_short2((short)(x - 100 * y), (short)(y * 7 - x));
      for (int l = 0; l < 2; l++) lay[l][y][x] = 1000 * l + 10 * y + x;
      for (int z = 0; z < 3; z++) vol[z][y][x] = 100 * z + 10 * y + x;
    }
  for (int x = 0; x < W; x++) u1[x] = (unsigned char)(250 + x); // wraps past 255 after +7
  cudaChannelFormatDesc c4 = cudaCreateChannelDesc<float4>(), cu = cudaCreateChannelDesc<unsigned char>(),
                        cs = cudaCreateChannelDesc<short2>(), ci = cudaCreateChannelDesc<int>();
  cudaArray_t a4, a1, a2, al, a3;
  CUDA_CHECK(cudaMallocArray(&a4, &c4, W, H, cudaArraySurfaceLoadStore));
  CUDA_CHECK(cudaMallocArray(&a1, &cu, W, 0, cudaArraySurfaceLoadStore));
  CUDA_CHECK(cudaMallocArray(&a2, &cs, W, H, cudaArraySurfaceLoadStore));
  CUDA_CHECK(cudaMalloc3DArray(&al, &ci, make_cudaExtent(W, H, 2), cudaArrayLayered | cudaArraySurfaceLoadStore));
  CUDA_CHECK(cudaMalloc3DArray(&a3, &ci, make_cudaExtent(W, H, 3), cudaArraySurfaceLoadStore));
  CUDA_CHECK(cudaMemcpy2DToArray(a4, 0, 0, f4, W * 16, W * 16, H, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy2DToArray(a1, 0, 0, u1, W, W, 1, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy2DToArray(a2, 0, 0, s2, W * 4, W * 4, H, cudaMemcpyHostToDevice));
  copy3d(al, lay, W * 4, W, H, 2, true);
  copy3d(a3, vol, W * 4, W, H, 3, true);
  int *dc, *dz, oc[H * W], oz[H * W];
  CUDA_CHECK(cudaMalloc(&dc, sizeof oc));
  CUDA_CHECK(cudaMalloc(&dz, sizeof oz));
  surf_forms<<<1, dim3(W, H)>>>(make_surf(a4), make_surf(a1), make_surf(a2), make_surf(al), make_surf(a3), dc, dz);
  LAUNCH_CHECK();
  float4 b4[H][W];
  unsigned char b1[W];
  short2 b2[H][W];
  int bl[2][H][W], b3[3][H][W];
  CUDA_CHECK(cudaMemcpy2DFromArray(b4, W * 16, a4, 0, 0, W * 16, H, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy2DFromArray(b1, W, a1, 0, 0, W, 1, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy2DFromArray(b2, W * 4, a2, 0, 0, W * 4, H, cudaMemcpyDeviceToHost));
  copy3d(al, bl, W * 4, W, H, 2, false);
  copy3d(a3, b3, W * 4, W, H, 3, false);
  CUDA_CHECK(cudaMemcpy(oc, dc, sizeof oc, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(oz, dz, sizeof oz, cudaMemcpyDeviceToHost));
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      float4 g = b4[y][x], o = f4[y][x];
      EXPECT(g.x == o.w && g.y == o.z && g.z == o.y && g.w == o.x * 2, "float4 surface at (%d,%d)", x, y);
      EXPECT(b2[y][x].x == s2[y][x].y && b2[y][x].y == -s2[y][x].x, "short2 surface at (%d,%d): %d %d", x, y,
             b2[y][x].x, b2[y][x].y);
      for (int l = 0; l < 2; l++)
        EXPECT(bl[l][y][x] == lay[l][y][x] + 10 * l + 1, "layered surface (%d,%d,%d): %d", x, y, l, bl[l][y][x]);
      for (int z = 0; z < 3; z++)
        EXPECT(b3[z][y][x] == vol[z][y][x] * 2 + z, "3D surface (%d,%d,%d): %d", x, y, z, b3[z][y][x]);
      // Clamp/zero reads ran before or after other threads' writes to layer 1: accept both.
      int cx = x - 3 < 0 ? 0 : x - 3, cy = y + 2 >= H ? H - 1 : y + 2;
      int before = lay[1][cy][cx], after = before + 11;
      EXPECT(oc[y * W + x] == before || oc[y * W + x] == after, "clamped read (%d,%d): %d want %d", x - 3, y + 2,
             oc[y * W + x], before);
      bool inside = x - 3 >= 0 && y + 2 < H;
      EXPECT(inside ? (oz[y * W + x] == before || oz[y * W + x] == after) : oz[y * W + x] == 0,
             "zero-mode read (%d,%d): %d", x - 3, y + 2, oz[y * W + x]);
    }
  for (int x = 0; x < W; x++)
    EXPECT(b1[x] == (unsigned char)(u1[x] + 7), "uchar 1D surface at %d: %d want %d", x, b1[x],
           (unsigned char)(u1[x] + 7));
  return check_finish("tex_lod_surface_forms");
}
