// 3D textures (cudaMalloc3DArray + cudaMemcpy3D, trilinear filtering), 2D layered,
// cubemap and layered cubemap textures, tex2Dgather (tld4), and surfaces
// (surf2Dread/surf2Dwrite on a cudaArraySurfaceLoadStore array, read back with
// cudaMemcpy3D), each checked against host arithmetic; the cube-face table is the CUDA
// Programming Guide's.
#include "check.h"
#include "tex_reference.h"

#define W 6
#define H 5
#define D 4

__global__ void read3d(cudaTextureObject_t t, const float4 *p, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tex3D<float>(t, p[i].x, p[i].y, p[i].z);
}

__global__ void read_layered(cudaTextureObject_t t, float *out) {
  int x = threadIdx.x, y = threadIdx.y, layer = blockIdx.x;
  out[(layer * H + y) * W + x] = tex2DLayered<float>(t, x + 0.5f, y + 0.5f, layer);
}

__global__ void read_cube(cudaTextureObject_t t, const float4 *dir, float *out, int n) {
  int i = threadIdx.x;
  if (i < n) out[i] = texCubemap<float>(t, dir[i].x, dir[i].y, dir[i].z);
}

__global__ void read_cube_layered(cudaTextureObject_t t, const float4 *dir, float *out, int n) {
  int i = threadIdx.x;
  if (i < n) out[i] = texCubemapLayered<float>(t, dir[i].x, dir[i].y, dir[i].z, (int)dir[i].w);
}

__global__ void gather(cudaTextureObject_t t, float4 *out, int comp) {
  int x = threadIdx.x, y = threadIdx.y;
  float4 g = comp == 0 ? tex2Dgather<float4>(t, x + 0.7f, y + 0.2f, 0) : tex2Dgather<float4>(t, x + 0.7f, y + 0.2f, 1);
  out[y * blockDim.x + x] = g;
}

__global__ void surf_step(cudaSurfaceObject_t s, int w, int h) {
  int x = threadIdx.x, y = threadIdx.y;
  if (x < w && y < h) {
    int v;
    surf2Dread(&v, s, x * 4, y);
    surf2Dwrite(v * 3 + x, s, x * 4, y);
  }
}

static cudaTextureObject_t make(cudaArray_t a, cudaTextureFilterMode f, bool norm) {
  cudaResourceDesc rd;
  memset(&rd, 0, sizeof rd);
  rd.resType = cudaResourceTypeArray;
  rd.res.array.array = a;
  cudaTextureDesc td;
  memset(&td, 0, sizeof td);
  td.addressMode[0] = td.addressMode[1] = td.addressMode[2] = cudaAddressModeClamp;
  td.filterMode = f;
  td.readMode = cudaReadModeElementType;
  td.normalizedCoords = norm;
  cudaTextureObject_t t;
  CUDA_CHECK(cudaCreateTextureObject(&t, &rd, &td, NULL));
  return t;
}

int main() {
  cudaChannelFormatDesc cf = cudaCreateChannelDesc<float>();
  // 3D, trilinear.
  {
    float vol[D][H][W];
    for (int z = 0; z < D; z++)
      for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) vol[z][y][x] = (float)(x + 3 * y * y + 7 * z) * 0.25f;
    cudaArray_t a;
    CUDA_CHECK(cudaMalloc3DArray(&a, &cf, make_cudaExtent(W, H, D)));
    cudaMemcpy3DParms p;
    memset(&p, 0, sizeof p);
    p.srcPtr = make_cudaPitchedPtr(vol, W * sizeof(float), W, H);
    p.dstArray = a;
    p.extent = make_cudaExtent(W, H, D);
    p.kind = cudaMemcpyHostToDevice;
    CUDA_CHECK(cudaMemcpy3D(&p));
    // Back out one inner box with positions, through cudaMemcpy3D from the array.
    float box[2][3][4];
    memset(&p, 0, sizeof p);
    p.srcArray = a;
    p.srcPos = make_cudaPos(1, 2, 1);
    p.dstPtr = make_cudaPitchedPtr(box, 4 * sizeof(float), 4, 3);
    p.extent = make_cudaExtent(4, 3, 2);
    p.kind = cudaMemcpyDeviceToHost;
    CUDA_CHECK(cudaMemcpy3D(&p));
    for (int z = 0; z < 2; z++)
      for (int y = 0; y < 3; y++)
        for (int x = 0; x < 4; x++)
          EXPECT(box[z][y][x] == vol[z + 1][y + 2][x + 1], "3D copy out at %d,%d,%d: %g", x, y, z, box[z][y][x]);
    const int n = 64;
    float4 pos[n], *dpos;
    for (int i = 0; i < n; i++) pos[i] = make_float4(-0.7f + i * 0.113f, 5.6f - i * 0.091f, -0.4f + i * 0.071f, 0);
    CUDA_CHECK(cudaMalloc(&dpos, sizeof pos));
    CUDA_CHECK(cudaMemcpy(dpos, pos, sizeof pos, cudaMemcpyHostToDevice));
    float *dout, out[n];
    CUDA_CHECK(cudaMalloc(&dout, sizeof out));
    for (int lin = 0; lin < 2; lin++) {
      cudaTextureObject_t t = make(a, lin ? cudaFilterModeLinear : cudaFilterModePoint, false);
      read3d<<<2, 32>>>(t, dpos, dout, n);
      LAUNCH_CHECK();
      CUDA_CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
      RefTex r = {&vol[0][0][0], W, H, D, 1, {cudaAddressModeClamp, cudaAddressModeClamp, cudaAddressModeClamp},
                  lin != 0, false, {0, 0, 0, 0}};
      for (int i = 0; i < n; i++) {
        float u[3] = {pos[i].x, pos[i].y, pos[i].z}, want[4];
        ref_sample(r, 3, u, want);
        EXPECT(std::fabs(out[i] - want[0]) < 1e-4f, "tex3D %s at (%g,%g,%g): %g want %g", lin ? "linear" : "point",
               u[0], u[1], u[2], out[i], want[0]);
      }
      cudaDestroyTextureObject(t);
    }
    cudaFree(dpos);
    cudaFree(dout);
    cudaFreeArray(a);
  }
  // 2D layered: each layer its own image.
  {
    const int L = 3;
    float img[L][H][W];
    for (int l = 0; l < L; l++)
      for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) img[l][y][x] = (float)(100 * l + 10 * y + x);
    cudaArray_t a;
    CUDA_CHECK(cudaMalloc3DArray(&a, &cf, make_cudaExtent(W, H, L), cudaArrayLayered));
    cudaMemcpy3DParms p;
    memset(&p, 0, sizeof p);
    p.srcPtr = make_cudaPitchedPtr(img, W * sizeof(float), W, H);
    p.dstArray = a;
    p.extent = make_cudaExtent(W, H, L);
    p.kind = cudaMemcpyHostToDevice;
    CUDA_CHECK(cudaMemcpy3D(&p));
    unsigned flags = 0;
    cudaExtent e;
    CUDA_CHECK(cudaArrayGetInfo(NULL, &e, &flags, a));
    EXPECT(flags == cudaArrayLayered && e.depth == L, "layered array info: flags %u depth %zu", flags, e.depth);
    float *dout, out[L * H * W];
    CUDA_CHECK(cudaMalloc(&dout, sizeof out));
    cudaTextureObject_t t = make(a, cudaFilterModePoint, false);
    read_layered<<<L, dim3(W, H)>>>(t, dout);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    EXPECT(memcmp(out, img, sizeof out) == 0, "tex2DLayered reads every layer's texels (first %g %g)", out[0],
           out[L * H * W - 1]);
    cudaDestroyTextureObject(t);
    cudaFree(dout);
    cudaFreeArray(a);
  }
  // Cubemap: one value per face, directions along each axis and off-axis.
  {
    const int S = 4;
    float faces[6][S][S];
    for (int f = 0; f < 6; f++)
      for (int y = 0; y < S; y++)
        for (int x = 0; x < S; x++) faces[f][y][x] = (float)(1000 * f + 10 * y + x);
    cudaArray_t a;
    CUDA_CHECK(cudaMalloc3DArray(&a, &cf, make_cudaExtent(S, S, 6), cudaArrayCubemap));
    cudaMemcpy3DParms p;
    memset(&p, 0, sizeof p);
    p.srcPtr = make_cudaPitchedPtr(faces, S * sizeof(float), S, S);
    p.dstArray = a;
    p.extent = make_cudaExtent(S, S, 6);
    p.kind = cudaMemcpyHostToDevice;
    CUDA_CHECK(cudaMemcpy3D(&p));
    float4 dir[] = {{1, 0.3f, -0.2f, 0}, {-1, 0.3f, -0.2f, 0}, {0.1f, 1, 0.6f, 0}, {0.1f, -1, 0.6f, 0},
                    {-0.6f, 0.2f, 1, 0}, {-0.6f, 0.2f, -1, 0}};
    const int n = 6;
    float4 *ddir;
    float *dout, out[n];
    CUDA_CHECK(cudaMalloc(&ddir, sizeof dir));
    CUDA_CHECK(cudaMalloc(&dout, sizeof out));
    CUDA_CHECK(cudaMemcpy(ddir, dir, sizeof dir, cudaMemcpyHostToDevice));
    cudaTextureObject_t t = make(a, cudaFilterModePoint, true);
    read_cube<<<1, 32>>>(t, ddir, dout, n);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; i++) {
      // Programming Guide table: face, then (s, t) over the major axis magnitude m.
      float x = dir[i].x, y = dir[i].y, z = dir[i].z, s, tt, m;
      int f;
      if (fabsf(x) >= fabsf(y) && fabsf(x) >= fabsf(z)) { f = x > 0 ? 0 : 1; m = fabsf(x); s = x > 0 ? -z : z; tt = -y; }
      else if (fabsf(y) >= fabsf(z)) { f = y > 0 ? 2 : 3; m = fabsf(y); s = x; tt = y > 0 ? z : -z; }
      else { f = z > 0 ? 4 : 5; m = fabsf(z); s = z > 0 ? x : -x; tt = -y; }
      int fx = (int)floorf((s / m + 1) * 0.5f * S), fy = (int)floorf((tt / m + 1) * 0.5f * S);
      float want = faces[f][fy][fx];
      EXPECT(out[i] == want, "texCubemap(%g,%g,%g) = %g, want face %d texel (%d,%d) = %g", x, y, z, out[i], f, fx, fy,
             want);
    }
    cudaDestroyTextureObject(t);
    cudaFree(ddir);
    cudaFree(dout);
    cudaFreeArray(a);
  }
  // Layered cubemap: layer l's faces are slices 6l..6l+5.
  {
    const int S = 2, L = 2;
    float faces[L * 6][S][S];
    for (int f = 0; f < L * 6; f++)
      for (int y = 0; y < S; y++)
        for (int x = 0; x < S; x++) faces[f][y][x] = (float)(100 * f + 10 * y + x);
    cudaArray_t a;
    CUDA_CHECK(cudaMalloc3DArray(&a, &cf, make_cudaExtent(S, S, 6 * L), cudaArrayCubemap | cudaArrayLayered));
    cudaMemcpy3DParms p;
    memset(&p, 0, sizeof p);
    p.srcPtr = make_cudaPitchedPtr(faces, S * sizeof(float), S, S);
    p.dstArray = a;
    p.extent = make_cudaExtent(S, S, 6 * L);
    p.kind = cudaMemcpyHostToDevice;
    CUDA_CHECK(cudaMemcpy3D(&p));
    // +x of layer 1 (face 6: s = -z, t = -y), -y of layer 0 (face 3: s = x, t = -z), +z of layer 1 (face 10).
    float4 dir[] = {{1, -0.5f, 0.5f, 1}, {0.5f, -1, 0.5f, 0}, {0.5f, 0.5f, 1, 1}};
    float want[] = {faces[6][1][0], faces[3][0][1], faces[10][0][1]};
    float4 *ddir;
    float *dout, out[3];
    CUDA_CHECK(cudaMalloc(&ddir, sizeof dir));
    CUDA_CHECK(cudaMalloc(&dout, sizeof out));
    CUDA_CHECK(cudaMemcpy(ddir, dir, sizeof dir, cudaMemcpyHostToDevice));
    cudaTextureObject_t t = make(a, cudaFilterModePoint, true);
    read_cube_layered<<<1, 32>>>(t, ddir, dout, 3);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    for (int i = 0; i < 3; i++)
      EXPECT(out[i] == want[i], "texCubemapLayered %d: %g want %g", i, out[i], want[i]);
    cudaDestroyTextureObject(t);
    cudaFree(ddir);
    cudaFree(dout);
    cudaFreeArray(a);
  }
  // tex2Dgather: the four texels of the bilinear footprint, counter-clockwise from the
  // lower left: (i0,j1), (i1,j1), (i1,j0), (i0,j0).
  {
    float2 img[H][W];
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) img[y][x] = make_float2((float)(10 * y + x), (float)(-10 * y - x));
    cudaChannelFormatDesc c2 = cudaCreateChannelDesc<float2>();
    cudaArray_t a;
    CUDA_CHECK(cudaMallocArray(&a, &c2, W, H, cudaArrayTextureGather));
    CUDA_CHECK(cudaMemcpy2DToArray(a, 0, 0, img, W * 8, W * 8, H, cudaMemcpyHostToDevice));
    cudaTextureObject_t t = make(a, cudaFilterModePoint, false);
    float4 *dout, out[H * W];
    CUDA_CHECK(cudaMalloc(&dout, sizeof out));
    for (int comp = 0; comp < 2; comp++) {
      gather<<<1, dim3(W, H)>>>(t, dout, comp);
      LAUNCH_CHECK();
      CUDA_CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
      for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
          int i0 = (int)floorf(x + 0.7f - 0.5f), j0 = (int)floorf(y + 0.2f - 0.5f);
          auto at = [&](int i, int j) {
            i = i < 0 ? 0 : i >= W ? W - 1 : i;
            j = j < 0 ? 0 : j >= H ? H - 1 : j;
            return comp ? img[j][i].y : img[j][i].x;
          };
          float4 g = out[y * W + x];
          EXPECT(g.x == at(i0, j0 + 1) && g.y == at(i0 + 1, j0 + 1) && g.z == at(i0 + 1, j0) && g.w == at(i0, j0),
                 "gather comp %d at (%d,%d): %g %g %g %g", comp, x, y, g.x, g.y, g.z, g.w);
        }
    }
    cudaDestroyTextureObject(t);
    cudaFree(dout);
    cudaFreeArray(a);
  }
  // Surfaces: read, compute, write back in place.
  {
    int img[H][W];
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) img[y][x] = 17 * y - x;
    cudaChannelFormatDesc ci = cudaCreateChannelDesc<int>();
    cudaArray_t a;
    CUDA_CHECK(cudaMallocArray(&a, &ci, W, H, cudaArraySurfaceLoadStore));
    CUDA_CHECK(cudaMemcpy2DToArray(a, 0, 0, img, W * 4, W * 4, H, cudaMemcpyHostToDevice));
    cudaResourceDesc rd;
    memset(&rd, 0, sizeof rd);
    rd.resType = cudaResourceTypeArray;
    rd.res.array.array = a;
    cudaSurfaceObject_t s;
    CUDA_CHECK(cudaCreateSurfaceObject(&s, &rd));
    surf_step<<<1, dim3(8, 8)>>>(s, W, H);
    LAUNCH_CHECK();
    int back[H][W];
    cudaMemcpy3DParms p;
    memset(&p, 0, sizeof p);
    p.srcArray = a;
    p.dstPtr = make_cudaPitchedPtr(back, W * 4, W, H);
    p.extent = make_cudaExtent(W, H, 1);
    p.kind = cudaMemcpyDeviceToHost;
    CUDA_CHECK(cudaMemcpy3D(&p));
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++)
        EXPECT(back[y][x] == img[y][x] * 3 + x, "surface at (%d,%d): %d want %d", x, y, back[y][x], img[y][x] * 3 + x);
    CUDA_CHECK(cudaDestroySurfaceObject(s));
    // Without the load/store flag an array cannot back a surface.
    cudaArray_t plain;
    CUDA_CHECK(cudaMallocArray(&plain, &ci, W, H));
    rd.res.array.array = plain;
    EXPECT(cudaCreateSurfaceObject(&s, &rd) != cudaSuccess, "surface on an array without cudaArraySurfaceLoadStore");
    cudaGetLastError();
    cudaFreeArray(plain);
    cudaFreeArray(a);
  }
  return check_finish("tex_3d_layered_surface");
}
