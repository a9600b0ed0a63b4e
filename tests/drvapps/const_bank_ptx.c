// PTX 1.5-2.1 banked constants (.const[0] declarations, ld.const[0].f32), as in PTX of
// the CUDA 2.x/3.x era: the module must load and the kernel read the bank's value.
// XFAIL: ptx parser rejects ld.const[0] (tests/drvapps/KNOWN_ISSUES.md, repro/const_bank.ptx)
#include "drvapps.h"

int main(void) {
  CUcontext ctx = drv_setup(NULL);
  char path[4096];
  snprintf(path, sizeof path, "%s/repro/const_bank.ptx", getenv("DRVAPPS_SRC") ? getenv("DRVAPPS_SRC") : "..");
  char *ptx = drv_read_file(path, NULL);
  CUmodule mod;
  CUfunction f;
  CU(cuModuleLoadData(&mod, ptx));
  CU(cuModuleGetFunction(&f, mod, "k"));
  CUdeviceptr d;
  float h = 0;
  CU(cuMemAlloc(&d, 4));
  void *args[] = {&d};
  CU(cuLaunchKernel(f, 1, 1, 1, 1, 1, 1, 0, NULL, args, NULL));
  CU(cuMemcpyDtoH(&h, d, 4));
  EXPECT(h == 2.0f);
  CU(cuCtxDestroy(ctx));
  free(ptx);
  return drv_finish();
}
