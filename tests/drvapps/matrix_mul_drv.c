// matrixMulDrv in the CUDA samples' style: a shared-memory tiled matrix multiply loaded
// from a fatbin, its arguments passed the old way, as one packed buffer through
// cuLaunchKernel's `extra` (CU_LAUNCH_PARAM_BUFFER_POINTER/SIZE; cuParamSet* and
// cuFuncSetBlockShape are gone from cuda.h), and once more through kernelParams.
// GEN: mm.fatbin: -fatbin -arch=sm_80 kernels/drv_kernels.cu
#include "drvapps.h"
#include <stdint.h>

#define BLOCK 16

int main(void) {
  CUcontext ctx = drv_setup(NULL);
  size_t size;
  void *fat = drv_read_file(drv_path("mm.fatbin"), &size);
  CUmodule mod;
  CUfunction f;
  CU(cuModuleLoadData(&mod, fat));
  CU(cuModuleGetFunction(&f, mod, "matrixMul"));

  int wA = 3 * BLOCK, hA = 5 * BLOCK, wB = 4 * BLOCK, hB = wA;
  size_t sA = (size_t)wA * hA, sB = (size_t)wB * hB, sC = (size_t)wB * hA;
  float *A = malloc(sA * 4), *B = malloc(sB * 4), *C = malloc(sC * 4), *R = malloc(sC * 4);
  for (size_t i = 0; i < sA; i++) A[i] = (float)((i * 7) % 13) - 6;
  for (size_t i = 0; i < sB; i++) B[i] = (float)((i * 5) % 11) * 0.25f;
  for (int y = 0; y < hA; y++)
    for (int x = 0; x < wB; x++) {
      float s = 0;
      for (int k = 0; k < wA; k++) s += A[y * wA + k] * B[k * wB + x];
      R[y * wB + x] = s;
    }
  CUdeviceptr dA, dB, dC;
  CU(cuMemAlloc(&dA, sA * 4));
  CU(cuMemAlloc(&dB, sB * 4));
  CU(cuMemAlloc(&dC, sC * 4));
  CU(cuMemcpyHtoD(dA, A, sA * 4));
  CU(cuMemcpyHtoD(dB, B, sB * 4));
  CU(cuMemsetD32(dC, 0, sC));

  // The packed buffer: each argument at its natural alignment, as the samples' ALIGN_UP.
  unsigned char buf[64];
  size_t off = 0;
  memcpy(buf + off, &dC, 8), off += 8;
  memcpy(buf + off, &dA, 8), off += 8;
  memcpy(buf + off, &dB, 8), off += 8;
  memcpy(buf + off, &wA, 4), off += 4;
  memcpy(buf + off, &wB, 4), off += 4;
  void *extra[] = {CU_LAUNCH_PARAM_BUFFER_POINTER, buf, CU_LAUNCH_PARAM_BUFFER_SIZE, &off,
                   CU_LAUNCH_PARAM_END};
  CU(cuLaunchKernel(f, wB / BLOCK, hA / BLOCK, 1, BLOCK, BLOCK, 1, 0, NULL, NULL, extra));
  CU(cuCtxSynchronize());
  CU(cuMemcpyDtoH(C, dC, sC * 4));
  int bad = 0;
  for (size_t i = 0; i < sC; i++)
    if (fabsf(C[i] - R[i]) > 1e-3f * (1 + fabsf(R[i]))) bad++;
  EXPECT(bad == 0);

  // The same through kernelParams, after clearing C.
  CU(cuMemsetD32(dC, 0, sC));
  void *args[] = {&dC, &dA, &dB, &wA, &wB};
  CU(cuLaunchKernel(f, wB / BLOCK, hA / BLOCK, 1, BLOCK, BLOCK, 1, 0, NULL, args, NULL));
  CU(cuMemcpyDtoH(C, dC, sC * 4));
  bad = 0;
  for (size_t i = 0; i < sC; i++)
    if (fabsf(C[i] - R[i]) > 1e-3f * (1 + fabsf(R[i]))) bad++;
  EXPECT(bad == 0);

  // Both at once, or a buffer whose size is smaller than the parameters, are refused.
  EXPECT_RES(cuLaunchKernel(f, 1, 1, 1, BLOCK, BLOCK, 1, 0, NULL, args, extra),
             CUDA_ERROR_INVALID_VALUE);
  size_t small = 8;
  void *extra_small[] = {CU_LAUNCH_PARAM_BUFFER_POINTER, buf, CU_LAUNCH_PARAM_BUFFER_SIZE,
                         &small, CU_LAUNCH_PARAM_END};
  EXPECT_RES(cuLaunchKernel(f, 1, 1, 1, BLOCK, BLOCK, 1, 0, NULL, NULL, extra_small),
             CUDA_ERROR_INVALID_VALUE);

  int shared = 0;
  CU(cuFuncGetAttribute(&shared, CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES, f));
  EXPECT(shared == 2 * BLOCK * BLOCK * 4);
  CU(cuModuleUnload(mod));
  CU(cuCtxDestroy(ctx));
  free(A), free(B), free(C), free(R), free(fat);
  return drv_finish();
}
