// Textures as in the CUDA samples simpleTexture / bilateralFilter / HeCBench image codes:
// a cudaArray filled with cudaMemcpy2DToArray, a texture object with normalized
// coordinates, linear filtering and wrap addressing read by tex2D<float> to rotate an
// image; point sampling with clamp on unnormalized coordinates; tex2D<float4> on a
// float4 array; tex1Dfetch<int> from a linear buffer; and a pitch-linear texture over
// cudaMallocPitch memory. The host re-implements the sampling rules (9-bit fixed point
// filter weights, as the hardware does) with a small tolerance.
#include "apps.h"

__global__ void transformKernel(float *outputData, int width, int height, float theta, cudaTextureObject_t tex) {
  unsigned int x = blockIdx.x * blockDim.x + threadIdx.x;
  unsigned int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= (unsigned)width || y >= (unsigned)height) return;
  float u = (float)x - (float)width / 2;
  float v = (float)y - (float)height / 2;
  float tu = u * cosf(theta) - v * sinf(theta);
  float tv = v * cosf(theta) + u * sinf(theta);
  tu /= (float)width;
  tv /= (float)height;
  outputData[y * width + x] = tex2D<float>(tex, tu + 0.5f, tv + 0.5f);
}

__global__ void pointSample(float4 *out, int w, int h, cudaTextureObject_t tex) {
  int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  // Offsets outside the image exercise clamping.
  out[y * w + x] = tex2D<float4>(tex, x * 1.5f - 3.0f, y * 1.5f - 3.0f);
}

__global__ void fetch1D(int *out, int n, cudaTextureObject_t tex) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = tex1Dfetch<int>(tex, n - 1 - i) * 2;
}

__global__ void pitchRead(float *out, int w, int h, cudaTextureObject_t tex) {
  int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x < w && y < h) out[y * w + x] = tex2D<float>(tex, x + 0.5f, y + 0.5f);
}

static float wrap_fetch(const float *img, int w, int h, int x, int y) {
  x %= w; if (x < 0) x += w;
  y %= h; if (y < 0) y += h;
  return img[y * w + x];
}

int main() {
  const int w = 128, h = 96;
  float *img = (float *)malloc(w * h * 4), *out = (float *)malloc(w * h * 4);
  uint32_t seed = 12;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) img[y * w + x] = sinf(x * 0.1f) * cosf(y * 0.07f) + app_randf(&seed, 0, 0.05f);

  cudaChannelFormatDesc desc = cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindFloat);
  cudaArray_t arr;
  CUDA_CHECK(cudaMallocArray(&arr, &desc, w, h));
  CUDA_CHECK(cudaMemcpy2DToArray(arr, 0, 0, img, w * 4, w * 4, h, cudaMemcpyHostToDevice));
  cudaResourceDesc res = {};
  res.resType = cudaResourceTypeArray;
  res.res.array.array = arr;
  cudaTextureDesc td = {};
  td.addressMode[0] = cudaAddressModeWrap;
  td.addressMode[1] = cudaAddressModeWrap;
  td.filterMode = cudaFilterModeLinear;
  td.readMode = cudaReadModeElementType;
  td.normalizedCoords = 1;
  cudaTextureObject_t tex;
  CUDA_CHECK(cudaCreateTextureObject(&tex, &res, &td, nullptr));
  float *d_out;
  CUDA_CHECK(cudaMalloc(&d_out, w * h * 4));
  const float angle = 0.5f;
  dim3 t(16, 16), g((w + 15) / 16, (h + 15) / 16);
  transformKernel<<<g, t>>>(d_out, w, h, angle, tex);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(out, d_out, w * h * 4, cudaMemcpyDeviceToHost));
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      float u = (float)x - (float)w / 2, v = (float)y - (float)h / 2;
      float tu = (u * cosf(angle) - v * sinf(angle)) / w + 0.5f;
      float tv = (v * cosf(angle) + u * sinf(angle)) / h + 0.5f;
      // Linear filtering: texel centres at i + 0.5, weights from the fractional part.
      float xb = tu * w - 0.5f, yb = tv * h - 0.5f;
      int x0 = (int)floorf(xb), y0 = (int)floorf(yb);
      float a = xb - x0, b = yb - y0;
      float want = (1 - a) * (1 - b) * wrap_fetch(img, w, h, x0, y0) + a * (1 - b) * wrap_fetch(img, w, h, x0 + 1, y0) +
                   (1 - a) * b * wrap_fetch(img, w, h, x0, y0 + 1) + a * b * wrap_fetch(img, w, h, x0 + 1, y0 + 1);
      // The hardware keeps 8 fractional bits of the weights: allow that much.
      EXPECT(fabsf(out[y * w + x] - want) < 1e-2f, "rotated (%d,%d) = %f, want %f", x, y, out[y * w + x], want);
    }
  CUDA_CHECK(cudaDestroyTextureObject(tex));

  // float4 array, point sampling, clamp, unnormalized coordinates.
  const int w4 = 40, h4 = 30;
  float4 *img4 = (float4 *)malloc(w4 * h4 * 16), *out4 = (float4 *)malloc(w4 * h4 * 16);
  for (int i = 0; i < w4 * h4; i++) img4[i] = make_float4(i, -i, i * 0.5f, 1);
  cudaChannelFormatDesc d4 = cudaCreateChannelDesc<float4>();
  cudaArray_t arr4;
  CUDA_CHECK(cudaMallocArray(&arr4, &d4, w4, h4));
  CUDA_CHECK(cudaMemcpy2DToArray(arr4, 0, 0, img4, w4 * 16, w4 * 16, h4, cudaMemcpyHostToDevice));
  res.res.array.array = arr4;
  td.addressMode[0] = td.addressMode[1] = cudaAddressModeClamp;
  td.filterMode = cudaFilterModePoint;
  td.normalizedCoords = 0;
  CUDA_CHECK(cudaCreateTextureObject(&tex, &res, &td, nullptr));
  float4 *d_out4;
  CUDA_CHECK(cudaMalloc(&d_out4, w4 * h4 * 16));
  pointSample<<<dim3((w4 + 15) / 16, (h4 + 15) / 16), t>>>(d_out4, w4, h4, tex);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(out4, d_out4, w4 * h4 * 16, cudaMemcpyDeviceToHost));
  for (int y = 0; y < h4; y++)
    for (int x = 0; x < w4; x++) {
      int sx = (int)floorf(x * 1.5f - 3.0f), sy = (int)floorf(y * 1.5f - 3.0f);
      sx = sx < 0 ? 0 : sx >= w4 ? w4 - 1 : sx;
      sy = sy < 0 ? 0 : sy >= h4 ? h4 - 1 : sy;
      float4 wv = img4[sy * w4 + sx], gv = out4[y * w4 + x];
      EXPECT(gv.x == wv.x && gv.y == wv.y && gv.z == wv.z && gv.w == wv.w, "point (%d,%d) = %f, want %f", x, y, gv.x, wv.x);
    }
  CUDA_CHECK(cudaDestroyTextureObject(tex));

  // tex1Dfetch from linear memory.
  const int n = 5000;
  int *lin = (int *)malloc(n * 4), *lo = (int *)malloc(n * 4), *d_lin, *d_lo;
  for (int i = 0; i < n; i++) lin[i] = i * 3 - 7;
  CUDA_CHECK(cudaMalloc(&d_lin, n * 4));
  CUDA_CHECK(cudaMalloc(&d_lo, n * 4));
  CUDA_CHECK(cudaMemcpy(d_lin, lin, n * 4, cudaMemcpyHostToDevice));
  cudaResourceDesc rl = {};
  rl.resType = cudaResourceTypeLinear;
  rl.res.linear.devPtr = d_lin;
  rl.res.linear.desc = cudaCreateChannelDesc<int>();
  rl.res.linear.sizeInBytes = n * 4;
  cudaTextureDesc tl = {};
  tl.readMode = cudaReadModeElementType;
  CUDA_CHECK(cudaCreateTextureObject(&tex, &rl, &tl, nullptr));
  fetch1D<<<(n + 255) / 256, 256>>>(d_lo, n, tex);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(lo, d_lo, n * 4, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) EXPECT(lo[i] == 2 * lin[n - 1 - i], "fetch %d = %d", i, lo[i]);
  CUDA_CHECK(cudaDestroyTextureObject(tex));

  // Pitch-linear 2D texture over cudaMallocPitch memory filled by cudaMemcpy2D.
  float *d_pitch;
  size_t pitch;
  CUDA_CHECK(cudaMallocPitch(&d_pitch, &pitch, w * 4, h));
  EXPECT(pitch >= (size_t)w * 4, "pitch %zu", pitch);
  CUDA_CHECK(cudaMemcpy2D(d_pitch, pitch, img, w * 4, w * 4, h, cudaMemcpyHostToDevice));
  cudaResourceDesc rp = {};
  rp.resType = cudaResourceTypePitch2D;
  rp.res.pitch2D.devPtr = d_pitch;
  rp.res.pitch2D.desc = cudaCreateChannelDesc<float>();
  rp.res.pitch2D.width = w;
  rp.res.pitch2D.height = h;
  rp.res.pitch2D.pitchInBytes = pitch;
  cudaTextureDesc tp = {};
  tp.filterMode = cudaFilterModePoint;
  tp.readMode = cudaReadModeElementType;
  CUDA_CHECK(cudaCreateTextureObject(&tex, &rp, &tp, nullptr));
  pitchRead<<<g, t>>>(d_out, w, h, tex);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(out, d_out, w * h * 4, cudaMemcpyDeviceToHost));
  for (int i = 0; i < w * h; i++) EXPECT(out[i] == img[i], "pitch texel %d = %f, want %f", i, out[i], img[i]);
  CUDA_CHECK(cudaDestroyTextureObject(tex));
  CUDA_CHECK(cudaFreeArray(arr));
  CUDA_CHECK(cudaFreeArray(arr4));
  cudaFree(d_out); cudaFree(d_out4); cudaFree(d_lin); cudaFree(d_lo); cudaFree(d_pitch);
  free(img); free(out); free(img4); free(out4); free(lin); free(lo);
  return app_finish("texture_object");
}
