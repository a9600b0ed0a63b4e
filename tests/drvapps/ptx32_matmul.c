// The ptxjit sample's PTX dialect with 32-bit addresses (PTX ISA 1.4, .address_size
// absent, pointers as .u32 __cudaparm__ parameters, mul24/mad24, set.ge.u32.s32, an entry
// .shared array): a naive matrix multiply. Pointers in a 64-bit process fit in 32 bits only
// below 4 GiB: once such a module is loaded, ptxvm's cuMemAlloc places allocations there
// (NVIDIA's ptxas refuses 32-bit PTX today: "32-Bit compilation is no longer supported"),
// so the sample's order (load the module, then allocate) computes the right answer.
#include "drvapps.h"

int main(void) {
  CUcontext ctx = drv_setup(NULL);
  char path[4096];
  snprintf(path, sizeof path, "%s/kernels/old_mm32.ptx", getenv("DRVAPPS_SRC") ? getenv("DRVAPPS_SRC") : "..");
  char *ptx = drv_read_file(path, NULL);
  char err[4096] = "";
  CUjit_option opts[] = {CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *vals[] = {err, (void *)(uintptr_t)sizeof err};
  CUmodule mod;
  CUresult r = cuModuleLoadDataEx(&mod, ptx, 2, opts, vals);
  if (r != CUDA_SUCCESS) {
    printf("load failed (%d): %s\nFAILED\n", (int)r, err);
    return 1;
  }
  CUfunction f;
  CU(cuModuleGetFunction(&f, mod, "_Z9matMulOldPfS_S_i"));
  int n = 40;
  size_t bytes = (size_t)n * n * 4;
  float *A = malloc(bytes), *B = malloc(bytes), *C = malloc(bytes);
  for (int i = 0; i < n * n; i++) A[i] = (float)(i % 7) - 3, B[i] = (float)(i % 5) * 0.5f;
  CUdeviceptr dA, dB, dC;
  CU(cuMemAlloc(&dA, bytes));
  CU(cuMemAlloc(&dB, bytes));
  CU(cuMemAlloc(&dC, bytes));
  CU(cuMemcpyHtoD(dA, A, bytes));
  CU(cuMemcpyHtoD(dB, B, bytes));
  CU(cuMemsetD32(dC, 0, (size_t)n * n));
  unsigned pC = (unsigned)dC, pA = (unsigned)dA, pB = (unsigned)dB;
  int fits = (dA >> 32) == 0 && (dB >> 32) == 0 && (dC >> 32) == 0;
  void *args[] = {&pC, &pA, &pB, &n};
  r = cuLaunchKernel(f, (n + 15) / 16, (n + 15) / 16, 1, 16, 16, 1, 0, NULL, args, NULL);
  if (r == CUDA_SUCCESS) r = cuCtxSynchronize();
  EXPECT(fits);
  EXPECT(r == CUDA_SUCCESS);
  CU(cuMemcpyDtoH(C, dC, bytes));
  int bad = 0;
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++) {
      float s = 0;
      for (int k = 0; k < n; k++) s += A[y * n + k] * B[k * n + x];
      if (fabsf(C[y * n + x] - 2 * s) > 1e-3f && bad++ < 5) printf("C[%d][%d] = %g, want %g\n", y, x, C[y * n + x], 2 * s);
    }
  EXPECT(bad == 0);
  CU(cuMemFree(dA));
  CU(cuMemFree(dB));
  CU(cuMemFree(dC));
  free(A), free(B), free(C), free(ptx);
  cuCtxDestroy(ctx);
  return drv_finish();
}
