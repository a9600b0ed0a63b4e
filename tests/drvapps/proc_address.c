// A program that links nothing from CUDA: it dlopens libcuda.so.1 (ptxvm's, through
// LD_LIBRARY_PATH), takes cuGetProcAddress_v2 with dlsym, and resolves every other entry
// point through it by base name and version, as the runtime and the frameworks do. Checks
// that versioned names resolve to the right variants (cuMemAlloc at 3020 is _v2), that
// unknown names give CUDA_ERROR_NOT_FOUND with the symbol status, and runs a kernel.
#include <dlfcn.h>
#include "drvapps.h"

typedef CUresult (*GetProc)(const char *, void **, int, cuuint64_t, CUdriverProcAddressQueryResult *);
#define GET(var, name, ver)                                                             \
  do {                                                                                  \
    CUdriverProcAddressQueryResult q_;                                                  \
    CUresult r_ = get(name, (void **)&var, ver, CU_GET_PROC_ADDRESS_DEFAULT, &q_);      \
    if (r_ != CUDA_SUCCESS || !var || q_ != CU_GET_PROC_ADDRESS_SUCCESS) {              \
      printf("cuGetProcAddress(%s) -> %d/%d\nFAILED\n", name, (int)r_, (int)q_);       \
      return 1;                                                                         \
    }                                                                                   \
  } while (0)

static const char *ptx =
    ".version 7.0\n.target sm_50\n.address_size 64\n"
    ".visible .entry inc(.param .u64 p) {\n"
    "  .reg .u64 %rd<4>; .reg .u32 %r<4>;\n"
    "  ld.param.u64 %rd1, [p];\n  cvta.to.global.u64 %rd1, %rd1;\n"
    "  mov.u32 %r1, %tid.x;\n  mul.wide.u32 %rd2, %r1, 4;\n  add.u64 %rd3, %rd1, %rd2;\n"
    "  ld.global.u32 %r2, [%rd3];\n  add.u32 %r2, %r2, %r1;\n  st.global.u32 [%rd3], %r2;\n"
    "  ret;\n}\n";

int main(void) {
  void *lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    printf("dlopen: %s\nFAILED\n", dlerror());
    return 1;
  }
  GetProc get = (GetProc)dlsym(lib, "cuGetProcAddress_v2");
  if (!get) {
    printf("no cuGetProcAddress_v2\nFAILED\n");
    return 1;
  }
  CUresult (*init)(unsigned);
  CUresult (*devget)(CUdevice *, int);
  CUresult (*ctxcreate)(CUcontext *, CUctxCreateParams *, unsigned, CUdevice);
  CUresult (*ctxdestroy)(CUcontext);
  CUresult (*modload)(CUmodule *, const void *);
  CUresult (*getfunc)(CUfunction *, CUmodule, const char *);
  CUresult (*alloc)(CUdeviceptr *, size_t);
  CUresult (*htod)(CUdeviceptr, const void *, size_t);
  CUresult (*dtoh)(void *, CUdeviceptr, size_t);
  CUresult (*launch)(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,
                     unsigned, CUstream, void **, void **);
  CUresult (*version)(int *);
  GET(init, "cuInit", 2000);
  GET(devget, "cuDeviceGet", 2000);
  GET(ctxcreate, "cuCtxCreate", 12050);
  GET(ctxdestroy, "cuCtxDestroy", 4000);
  GET(modload, "cuModuleLoadData", 2000);
  GET(getfunc, "cuModuleGetFunction", 2000);
  GET(alloc, "cuMemAlloc", 3020);
  GET(htod, "cuMemcpyHtoD", 3020);
  GET(dtoh, "cuMemcpyDtoH", 3020);
  GET(launch, "cuLaunchKernel", 4000);
  GET(version, "cuDriverGetVersion", 2020);
  // Versioned names: the _v2 allocator is what a 3.2+ caller gets.
  EXPECT(alloc == dlsym(lib, "cuMemAlloc_v2"));
  EXPECT(ctxcreate == dlsym(lib, "cuCtxCreate_v4"));
  // Unknown symbol.
  void *p = (void *)1;
  CUdriverProcAddressQueryResult q = CU_GET_PROC_ADDRESS_SUCCESS;
  EXPECT(get("cuNoSuchFunction", &p, 12000, 0, &q) == CUDA_ERROR_NOT_FOUND);
  EXPECT(q == CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND);
  EXPECT(p == NULL);
  // A version newer than the driver: the symbol is there but not for that version.
  int drv = 0;
  CUresult (*early_version)(int *) = NULL;
  EXPECT(version(&drv) == CUDA_SUCCESS && drv >= 12000);
  q = CU_GET_PROC_ADDRESS_SUCCESS;
  CUresult r = get("cuDriverGetVersion", (void **)&early_version, drv + 10000, 0, &q);
  EXPECT(r == CUDA_ERROR_NOT_FOUND || (r == CUDA_SUCCESS && early_version == version));
  (void)r;

  CUdevice dev;
  CUcontext ctx;
  CUmodule mod;
  CUfunction f;
  EXPECT(init(0) == CUDA_SUCCESS);
  EXPECT(devget(&dev, 0) == CUDA_SUCCESS);
  EXPECT(ctxcreate(&ctx, NULL, 0, dev) == CUDA_SUCCESS);
  if (modload(&mod, ptx) != CUDA_SUCCESS || getfunc(&f, mod, "inc") != CUDA_SUCCESS) {
    printf("module load failed\nFAILED\n");
    return 1;
  }
  int h[32];
  for (int i = 0; i < 32; i++) h[i] = 100;
  CUdeviceptr d;
  EXPECT(alloc(&d, sizeof h) == CUDA_SUCCESS);
  EXPECT(htod(d, h, sizeof h) == CUDA_SUCCESS);
  void *args[] = {&d};
  EXPECT(launch(f, 1, 1, 1, 32, 1, 1, 0, NULL, args, NULL) == CUDA_SUCCESS);
  EXPECT(dtoh(h, d, sizeof h) == CUDA_SUCCESS);
  for (int i = 0; i < 32; i++) EXPECT(h[i] == 100 + i);
  EXPECT(ctxdestroy(ctx) == CUDA_SUCCESS);
  return drv_finish();
}
