// Hand-written PTX in the 2011 dialect (PTX ISA 1.4, sm_13: u16 special registers,
// mul.wide.u16, cvt.u32.u16, __cudaparm__ names, .const banks, .loc, ld.global without
// cvta) JIT-loaded with cuModuleLoadDataEx and its options: info and error log buffers
// (sizes written back), the wall time, the target, the verbosity and optimisation level.
// A broken module must fail with CUDA_ERROR_INVALID_PTX and say where in its error log.
#include "drvapps.h"

static char *src_file(const char *name) {
  char path[4096];
  const char *dir = getenv("DRVAPPS_SRC");
  snprintf(path, sizeof path, "%s/kernels/%s", dir ? dir : "..", name);
  return drv_read_file(path, NULL);
}

int main(void) {
  CUcontext ctx = drv_setup(NULL);
  char *ptx = src_file("old_vadd64.ptx");

  char info[4096] = "", err[4096] = "";
  float wall = -1;
  CUjit_option opts[] = {CU_JIT_INFO_LOG_BUFFER, CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES,
                         CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
                         CU_JIT_WALL_TIME, CU_JIT_TARGET, CU_JIT_LOG_VERBOSE,
                         CU_JIT_OPTIMIZATION_LEVEL};
  void *vals[] = {info, (void *)(uintptr_t)sizeof info, err, (void *)(uintptr_t)sizeof err,
                  NULL, (void *)(uintptr_t)CU_TARGET_COMPUTE_80, (void *)(uintptr_t)1,
                  (void *)(uintptr_t)4};
  CUmodule mod;
  CUresult r = cuModuleLoadDataEx(&mod, ptx, 8, opts, vals);
  if (r != CUDA_SUCCESS) {
    printf("load failed (%d); error log:\n%s\nFAILED\n", (int)r, err);
    return 1;
  }
  // CU_JIT_WALL_TIME: cuda.h says the value slot is overwritten with a float.
  memcpy(&wall, &vals[4], sizeof wall);
  EXPECT(wall >= 0 && wall < 600e3);
  // The size options are written back with the number of bytes used (terminator included
  // when anything was written).
  EXPECT((uintptr_t)vals[1] <= sizeof info);
  EXPECT((uintptr_t)vals[3] <= sizeof err);
  EXPECT(err[0] == 0);
  printf("info log: %s\nwall time: %g ms\n", info, wall);

  CUfunction f;
  CU(cuModuleGetFunction(&f, mod, "_Z6vecAddPKfS0_Pfi"));
  int n = 1000;
  float *a = malloc(n * 4), *b = malloc(n * 4), *c = malloc(n * 4);
  for (int i = 0; i < n; i++) a[i] = i, b[i] = 2 * i;
  CUdeviceptr da, db, dc;
  CU(cuMemAlloc(&da, n * 4));
  CU(cuMemAlloc(&db, n * 4));
  CU(cuMemAlloc(&dc, n * 4));
  CU(cuMemcpyHtoD(da, a, n * 4));
  CU(cuMemcpyHtoD(db, b, n * 4));
  void *args[] = {&da, &db, &dc, &n};
  CU(cuLaunchKernel(f, (n + 127) / 128, 1, 1, 128, 1, 1, 0, NULL, args, NULL));
  CU(cuMemcpyDtoH(c, dc, n * 4));
  int bad = 0;
  for (int i = 0; i < n; i++)
    if (c[i] != 3.0f * i + 0.5f) bad++;
  EXPECT(bad == 0);
  // The .const bank is a module global too.
  CUdeviceptr bias;
  size_t bias_size;
  CU(cuModuleGetGlobal(&bias, &bias_size, mod, "bias"));
  EXPECT(bias_size == 4);
  CU(cuModuleUnload(mod));

  // Broken PTX: an undefined register on line 4 of the module.
  const char *broken = ".version 1.4\n.target sm_13\n.entry k {\n  mov.u32 %r1, 1;\n  exit;\n}\n";
  err[0] = 0;
  void *vals2[] = {info, (void *)(uintptr_t)sizeof info, err, (void *)(uintptr_t)sizeof err};
  EXPECT_RES(cuModuleLoadDataEx(&mod, broken, 4, opts, vals2), CUDA_ERROR_INVALID_PTX);
  printf("error log of the broken module: %s\n", err);
  EXPECT(strstr(err, "4:") != NULL);
  EXPECT(strlen(err) + 1 == (uintptr_t)vals2[3]);
  // An unknown option value is refused before anything is compiled.
  CUjit_option bad_opt = (CUjit_option)9999;
  void *bad_val = NULL;
  EXPECT_RES(cuModuleLoadDataEx(&mod, ptx, 1, &bad_opt, &bad_val), CUDA_ERROR_INVALID_VALUE);
  free(a), free(b), free(c), free(ptx);
  CU(cuCtxDestroy(ctx));
  return drv_finish();
}
