// The ptxjit sample's PTX dialect with 32-bit addresses (PTX ISA 1.4, .address_size
// absent, pointers as .u32 __cudaparm__ parameters, mul24/mad24, set.ge.u32.s32, an entry
// .shared array): a naive matrix multiply. Pointers in a 64-bit process do not fit in 32
// bits unless the allocation sits below 4 GiB, so what matters is that the module loads,
// and that a launch either computes the right answer or is refused cleanly: never a wild
// access through a truncated pointer.
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
  if (fits) {
    EXPECT(r == CUDA_SUCCESS);
    CU(cuMemcpyDtoH(C, dC, bytes));
    int bad = 0;
    for (int y = 0; y < n; y++)
      for (int x = 0; x < n; x++) {
        float s = 0;
        for (int k = 0; k < n; k++) s += A[y * n + k] * B[k * n + x];
        if (fabsf(C[y * n + x] - 2 * s) > 1e-3f) bad++;
      }
    EXPECT(bad == 0);
  } else {
    // Truncated pointers: the launch must fail with a clean error (the sticky
    // illegal-address error of a faulting kernel, or a refusal up front).
    printf("device pointers above 4 GiB: launch gave %d\n", (int)r);
    EXPECT(r == CUDA_ERROR_ILLEGAL_ADDRESS || r == CUDA_ERROR_NOT_SUPPORTED ||
           r == CUDA_ERROR_INVALID_VALUE || r == CUDA_ERROR_LAUNCH_FAILED);
  }
  free(A), free(B), free(C), free(ptx);
  cuCtxDestroy(ctx);
  return drv_finish();
}
