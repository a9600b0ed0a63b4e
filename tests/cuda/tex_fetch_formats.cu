// Texture formats and read modes: tex1Dfetch on linear memory (float and int, zero outside
// the buffer), a pitch-linear 2D texture from cudaMallocPitch, uchar4 and signed char
// textures read as normalized floats (v/255, max(v/127, -1)) with point and linear
// filtering, uchar4 read as integers (tex.2d.v4.u32), 16-bit unsigned normalized and
// half-float textures; each checked against host arithmetic.
#include <cuda_fp16.h>

#include "check.h"
#include "tex_reference.h"

#define N 100

__global__ void fetch(cudaTextureObject_t tf, cudaTextureObject_t ti, float *of, int *oi, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    of[i] = tex1Dfetch<float>(tf, i - 10); // -10 .. n-11: some outside
    oi[i] = tex1Dfetch<int>(ti, 3 * i);
  }
}

__global__ void read2d_f4(cudaTextureObject_t t, float4 *out, int w, int h, float dx, float dy) {
  int x = threadIdx.x, y = blockIdx.x;
  if (x < w && y < h) out[y * w + x] = tex2D<float4>(t, x * 1.0f + dx, y * 1.0f + dy);
}

__global__ void read2d_u4(cudaTextureObject_t t, uchar4 *out, int w, int h) {
  int x = threadIdx.x, y = blockIdx.x;
  if (x < w && y < h) out[y * w + x] = tex2D<uchar4>(t, x + 0.5f, y + 0.5f);
}

__global__ void read2d_f1(cudaTextureObject_t t, float *out, int w, int h, float dx, float dy) {
  int x = threadIdx.x, y = blockIdx.x;
  if (x < w && y < h) out[y * w + x] = tex2D<float>(t, x + dx, y + dy);
}

static cudaTextureObject_t make(const cudaResourceDesc &rd, cudaTextureFilterMode f, cudaTextureReadMode rm) {
  cudaTextureDesc td;
  memset(&td, 0, sizeof td);
  td.addressMode[0] = td.addressMode[1] = cudaAddressModeClamp;
  td.filterMode = f;
  td.readMode = rm;
  cudaTextureObject_t t;
  CUDA_CHECK(cudaCreateTextureObject(&t, &rd, &td, NULL));
  return t;
}

static cudaResourceDesc array_res(cudaArray_t a) {
  cudaResourceDesc rd;
  memset(&rd, 0, sizeof rd);
  rd.resType = cudaResourceTypeArray;
  rd.res.array.array = a;
  return rd;
}

int main() {
  // tex1Dfetch on linear memory.
  {
    float hf[N];
    int hi[3 * N];
    for (int i = 0; i < N; i++) hf[i] = 0.25f * i - 3.0f;
    for (int i = 0; i < 3 * N; i++) hi[i] = i * i - 1000;
    float *df, *of;
    int *di, *oi;
    CUDA_CHECK(cudaMalloc(&df, sizeof hf));
    CUDA_CHECK(cudaMalloc(&di, sizeof hi));
    CUDA_CHECK(cudaMalloc(&of, N * sizeof(float)));
    CUDA_CHECK(cudaMalloc(&oi, N * sizeof(int)));
    CUDA_CHECK(cudaMemcpy(df, hf, sizeof hf, cudaMemcpyHostToDevice));
    CUDA_CHECK(cudaMemcpy(di, hi, sizeof hi, cudaMemcpyHostToDevice));
    cudaResourceDesc rd;
    memset(&rd, 0, sizeof rd);
    rd.resType = cudaResourceTypeLinear;
    rd.res.linear.devPtr = df;
    rd.res.linear.desc = cudaCreateChannelDesc<float>();
    rd.res.linear.sizeInBytes = sizeof hf;
    cudaTextureObject_t tf = make(rd, cudaFilterModePoint, cudaReadModeElementType);
    rd.res.linear.devPtr = di;
    rd.res.linear.desc = cudaCreateChannelDesc<int>();
    rd.res.linear.sizeInBytes = sizeof hi;
    cudaTextureObject_t ti = make(rd, cudaFilterModePoint, cudaReadModeElementType);
    fetch<<<4, 32>>>(tf, ti, of, oi, N);
    LAUNCH_CHECK();
    float rf[N];
    int ri[N];
    CUDA_CHECK(cudaMemcpy(rf, of, sizeof rf, cudaMemcpyDeviceToHost));
    CUDA_CHECK(cudaMemcpy(ri, oi, sizeof ri, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++) {
      int j = i - 10;
      float want = j >= 0 && j < N ? hf[j] : 0.0f;
      EXPECT(rf[i] == want, "tex1Dfetch<float>(%d) = %g, want %g", j, rf[i], want);
      EXPECT(ri[i] == hi[3 * i], "tex1Dfetch<int>(%d) = %d, want %d", 3 * i, ri[i], hi[3 * i]);
    }
    CUDA_CHECK(cudaDestroyTextureObject(tf));
    CUDA_CHECK(cudaDestroyTextureObject(ti));
    cudaFree(df);
    cudaFree(di);
    cudaFree(of);
    cudaFree(oi);
  }

  const int W = 13, H = 7;
  // uchar4 array: normalized-float reads (point and linear) and integer reads.
  {
    uchar4 img[H][W];
    float ref[H][W][4];
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) {
        img[y][x] = make_uchar4((x * 37 + y) & 255, (y * 91 + x * 3) & 255, 255 - x * 9, x == y ? 255 : 0);
        ref[y][x][0] = img[y][x].x / 255.0f;
        ref[y][x][1] = img[y][x].y / 255.0f;
        ref[y][x][2] = img[y][x].z / 255.0f;
        ref[y][x][3] = img[y][x].w / 255.0f;
      }
    cudaChannelFormatDesc cd = cudaCreateChannelDesc<uchar4>();
    cudaArray_t a;
    CUDA_CHECK(cudaMallocArray(&a, &cd, W, H));
    CUDA_CHECK(cudaMemcpy2DToArray(a, 0, 0, img, sizeof img[0], sizeof img[0], H, cudaMemcpyHostToDevice));
    float4 *d4, o4[H * W];
    CUDA_CHECK(cudaMalloc(&d4, sizeof o4));
    cudaTextureObject_t tp = make(array_res(a), cudaFilterModePoint, cudaReadModeNormalizedFloat);
    read2d_f4<<<H, 32>>>(tp, d4, W, H, 0.5f, 0.5f);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(o4, d4, sizeof o4, cudaMemcpyDeviceToHost));
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) {
        float4 g = o4[y * W + x];
        EXPECT(g.x == ref[y][x][0] && g.y == ref[y][x][1] && g.z == ref[y][x][2] && g.w == ref[y][x][3],
               "uchar4 normalized point at (%d,%d): %g %g %g %g", x, y, g.x, g.y, g.z, g.w);
      }
    cudaTextureObject_t tl = make(array_res(a), cudaFilterModeLinear, cudaReadModeNormalizedFloat);
    read2d_f4<<<H, 32>>>(tl, d4, W, H, 0.8f, 0.3f);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(o4, d4, sizeof o4, cudaMemcpyDeviceToHost));
    RefTex r = {&ref[0][0][0], W, H, 1, 4, {cudaAddressModeClamp, cudaAddressModeClamp, cudaAddressModeClamp}, true,
                false, {0, 0, 0, 0}};
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) {
        float u[2] = {x + 0.8f, y + 0.3f}, want[4];
        ref_sample(r, 2, u, want);
        float4 g = o4[y * W + x];
        float got[4] = {g.x, g.y, g.z, g.w};
        for (int c = 0; c < 4; c++)
          EXPECT(std::fabs(got[c] - want[c]) < 1e-5f, "uchar4 linear at (%d,%d) c%d: %g want %g", x, y, c, got[c],
                 want[c]);
      }
    uchar4 *du, ou[H * W];
    CUDA_CHECK(cudaMalloc(&du, sizeof ou));
    cudaTextureObject_t te = make(array_res(a), cudaFilterModePoint, cudaReadModeElementType);
    read2d_u4<<<H, 32>>>(te, du, W, H);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(ou, du, sizeof ou, cudaMemcpyDeviceToHost));
    EXPECT(memcmp(ou, img, sizeof ou) == 0, "uchar4 element-type reads give the texels");
    cudaDestroyTextureObject(tp);
    cudaDestroyTextureObject(tl);
    cudaDestroyTextureObject(te);
    cudaFreeArray(a);
    cudaFree(d4);
    cudaFree(du);
  }

  float *dout, out[H * W];
  CUDA_CHECK(cudaMalloc(&dout, sizeof out));
  // signed char, normalized: -128 reads as -1 (max(v/127, -1)).
  {
    signed char img[H][W];
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) img[y][x] = (signed char)(x * 23 - y * 41 - 100);
    img[0][0] = -128;
    img[0][1] = 127;
    cudaChannelFormatDesc cd = cudaCreateChannelDesc<signed char>();
    cudaArray_t a;
    CUDA_CHECK(cudaMallocArray(&a, &cd, W, H));
    CUDA_CHECK(cudaMemcpy2DToArray(a, 0, 0, img, W, W, H, cudaMemcpyHostToDevice));
    cudaTextureObject_t t = make(array_res(a), cudaFilterModePoint, cudaReadModeNormalizedFloat);
    read2d_f1<<<H, 32>>>(t, dout, W, H, 0.5f, 0.5f);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) {
        float want = std::fmax(img[y][x] / 127.0f, -1.0f);
        EXPECT(out[y * W + x] == want, "signed char at (%d,%d): %g want %g", x, y, out[y * W + x], want);
      }
    cudaDestroyTextureObject(t);
    cudaFreeArray(a);
  }
  // unsigned short, normalized, through a pitch-linear 2D texture from cudaMallocPitch.
  {
    unsigned short img[H][W];
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) img[y][x] = (unsigned short)(x * 5003 + y * 977);
    void *p;
    size_t pitch;
    CUDA_CHECK(cudaMallocPitch(&p, &pitch, W * 2, H));
    CUDA_CHECK(cudaMemcpy2D(p, pitch, img, W * 2, W * 2, H, cudaMemcpyHostToDevice));
    cudaResourceDesc rd;
    memset(&rd, 0, sizeof rd);
    rd.resType = cudaResourceTypePitch2D;
    rd.res.pitch2D.devPtr = p;
    rd.res.pitch2D.desc = cudaCreateChannelDesc<unsigned short>();
    rd.res.pitch2D.width = W;
    rd.res.pitch2D.height = H;
    rd.res.pitch2D.pitchInBytes = pitch;
    cudaTextureObject_t t = make(rd, cudaFilterModePoint, cudaReadModeNormalizedFloat);
    read2d_f1<<<H, 32>>>(t, dout, W, H, 0.5f, 0.5f);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) {
        float want = img[y][x] / 65535.0f;
        EXPECT(out[y * W + x] == want, "ushort pitch2D at (%d,%d): %g want %g", x, y, out[y * W + x], want);
      }
    cudaDestroyTextureObject(t);
    cudaFree(p);
  }
  // half floats, linear filtering.
  {
    __half img[H][W];
    float ref[H][W];
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) {
        img[y][x] = __float2half(0.125f * (x * 3 - y * 2));
        ref[y][x] = __half2float(img[y][x]);
      }
    cudaChannelFormatDesc cd = cudaCreateChannelDescHalf();
    cudaArray_t a;
    CUDA_CHECK(cudaMallocArray(&a, &cd, W, H));
    CUDA_CHECK(cudaMemcpy2DToArray(a, 0, 0, img, W * 2, W * 2, H, cudaMemcpyHostToDevice));
    cudaTextureObject_t t = make(array_res(a), cudaFilterModeLinear, cudaReadModeElementType);
    read2d_f1<<<H, 32>>>(t, dout, W, H, 0.3f, 0.9f);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    RefTex r = {&ref[0][0], W, H, 1, 1, {cudaAddressModeClamp, cudaAddressModeClamp, cudaAddressModeClamp}, true,
                false, {0, 0, 0, 0}};
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) {
        float u[2] = {x + 0.3f, y + 0.9f}, want[4];
        ref_sample(r, 2, u, want);
        EXPECT(std::fabs(out[y * W + x] - want[0]) < 1e-5f, "half linear at (%d,%d): %g want %g", x, y,
               out[y * W + x], want[0]);
      }
    cudaDestroyTextureObject(t);
    cudaFreeArray(a);
  }
  // Linear filtering of integers read as integers is refused, as by CUDA.
  {
    cudaChannelFormatDesc cd = cudaCreateChannelDesc<int>();
    cudaArray_t a;
    CUDA_CHECK(cudaMallocArray(&a, &cd, 4, 4));
    cudaTextureDesc td;
    memset(&td, 0, sizeof td);
    td.filterMode = cudaFilterModeLinear;
    td.readMode = cudaReadModeElementType;
    cudaResourceDesc rd = array_res(a);
    cudaTextureObject_t t = 0;
    EXPECT(cudaCreateTextureObject(&t, &rd, &td, NULL) != cudaSuccess, "linear filter on int texels fails");
    cudaGetLastError();
    cudaFreeArray(a);
  }
  cudaFree(dout);
  return check_finish("tex_fetch_formats");
}
