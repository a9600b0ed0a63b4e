// cuMemAllocPitch / cuMemcpy2D (the simplePitchLinear pattern through the driver API): a
// kernel writes a pitched 2D array, cuMemcpy2D copies a sub-rectangle device->host,
// host->device and device->device with different pitches, and cuMemsetD2D32 fills a
// window. Invalid pitches are refused.
// GEN: k.ptx: -ptx -arch=compute_80 kernels/drv_kernels.cu
#include "drvapps.h"

int main(void) {
  CUcontext ctx = drv_setup(NULL);
  CUmodule mod;
  CUfunction fill;
  CU(cuModuleLoad(&mod, drv_path("k.ptx")));
  CU(cuModuleGetFunction(&fill, mod, "fill2D"));
  int w = 100, h = 37;
  CUdeviceptr d;
  size_t pitch = 0;
  CU(cuMemAllocPitch(&d, &pitch, w * sizeof(float), h, 4));
  EXPECT(pitch >= w * sizeof(float) && pitch % 4 == 0);
  int align = 0;
  CUdevice dev;
  CU(cuCtxGetDevice(&dev));
  CU(cuDeviceGetAttribute(&align, CU_DEVICE_ATTRIBUTE_TEXTURE_PITCH_ALIGNMENT, dev));
  printf("pitch %zu for %zu bytes (texture pitch alignment %d)\n", pitch, w * sizeof(float), align);
  float base = 0.5f;
  void *args[] = {&d, &pitch, &w, &h, &base};
  CU(cuLaunchKernel(fill, (w + 15) / 16, (h + 7) / 8, 1, 16, 8, 1, 0, NULL, args, NULL));

  // Device -> host: the window x in [10, 60), y in [5, 30) into a tightly packed buffer.
  int cw = 50, ch = 25;
  float *host = calloc((size_t)cw * ch, sizeof(float));
  CUDA_MEMCPY2D c = {0};
  c.srcMemoryType = CU_MEMORYTYPE_DEVICE;
  c.srcDevice = d;
  c.srcPitch = pitch;
  c.srcXInBytes = 10 * sizeof(float);
  c.srcY = 5;
  c.dstMemoryType = CU_MEMORYTYPE_HOST;
  c.dstHost = host;
  c.dstPitch = cw * sizeof(float);
  c.WidthInBytes = cw * sizeof(float);
  c.Height = ch;
  CU(cuMemcpy2D(&c));
  int bad = 0;
  for (int y = 0; y < ch; y++)
    for (int x = 0; x < cw; x++) bad += host[y * cw + x] != base + (y + 5) * 1000 + (x + 10);
  EXPECT(bad == 0);

  // Host -> device into a second pitched array, then device -> device back into the first
  // at another place, then check the whole first array.
  CUdeviceptr d2;
  size_t pitch2;
  CU(cuMemAllocPitch(&d2, &pitch2, cw * sizeof(float), ch, 8));
  CUDA_MEMCPY2D up = {0};
  up.srcMemoryType = CU_MEMORYTYPE_HOST;
  up.srcHost = host;
  up.srcPitch = cw * sizeof(float);
  up.dstMemoryType = CU_MEMORYTYPE_DEVICE;
  up.dstDevice = d2;
  up.dstPitch = pitch2;
  up.WidthInBytes = cw * sizeof(float);
  up.Height = ch;
  CU(cuMemcpy2D(&up));
  CUDA_MEMCPY2D dd = {0};
  dd.srcMemoryType = CU_MEMORYTYPE_DEVICE;
  dd.srcDevice = d2;
  dd.srcPitch = pitch2;
  dd.dstMemoryType = CU_MEMORYTYPE_DEVICE;
  dd.dstDevice = d;
  dd.dstPitch = pitch;
  dd.dstXInBytes = 0;
  dd.dstY = 0;
  dd.WidthInBytes = 5 * sizeof(float); // a 5 x 3 corner
  dd.Height = 3;
  CU(cuMemcpy2D(&dd));
  // cuMemsetD2D32: the last row, x in [90, 100), to a bit pattern.
  CU(cuMemsetD2D32(d + (h - 1) * pitch + 90 * sizeof(float), pitch, 0x3f800000u, 10, 1));
  float *all = malloc(pitch * h);
  CU(cuMemcpyDtoH(all, d, pitch * h));
  bad = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      float got = ((float *)((char *)all + y * pitch))[x], want = base + y * 1000 + x;
      if (y < 3 && x < 5) want = base + (y + 5) * 1000 + (x + 10);
      if (y == h - 1 && x >= 90) want = 1.0f;
      bad += got != want;
    }
  EXPECT(bad == 0);

  // A pitch smaller than the width is refused; so is an element size other than 4, 8, 16.
  c.dstPitch = 4;
  EXPECT_RES(cuMemcpy2D(&c), CUDA_ERROR_INVALID_VALUE);
  CUdeviceptr bad_d;
  size_t bad_pitch;
  EXPECT_RES(cuMemAllocPitch(&bad_d, &bad_pitch, 64, 4, 3), CUDA_ERROR_INVALID_VALUE);
  CU(cuMemFree(d));
  CU(cuMemFree(d2));
  free(host), free(all);
  CU(cuCtxDestroy(ctx));
  return drv_finish();
}
