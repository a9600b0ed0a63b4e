// NVRTC targets: --gpu-architecture=compute_80 gives PTX that loads and runs; -arch=sm_80
// gives a cubin (nvrtcGetCUBIN) with no PTX in it, which a CPU device cannot run: loading
// it must fail cleanly (CUDA_ERROR_NO_BINARY_FOR_GPU or _INVALID_IMAGE) and leave the
// context usable. With -arch=sm_80 nvrtcGetPTX has nothing to give.
#include "drvapps_nvrtc.h"

static const char *src =
    "extern \"C\" __global__ void twice(int *p) { p[threadIdx.x] *= 2; }\n";

static int run_twice(CUmodule mod) {
  CUfunction f;
  CU(cuModuleGetFunction(&f, mod, "twice"));
  int h[64];
  for (int i = 0; i < 64; i++) h[i] = i;
  CUdeviceptr d;
  CU(cuMemAlloc(&d, sizeof h));
  CU(cuMemcpyHtoD(d, h, sizeof h));
  void *args[] = {&d};
  CU(cuLaunchKernel(f, 1, 1, 1, 64, 1, 1, 0, NULL, args, NULL));
  CU(cuMemcpyDtoH(h, d, sizeof h));
  CU(cuMemFree(d));
  int bad = 0;
  for (int i = 0; i < 64; i++) bad += h[i] != 2 * i;
  return bad;
}

int main(void) {
  CUcontext ctx = drv_setup(NULL);
  // compute_80: PTX.
  const char *o1[] = {"--gpu-architecture=compute_80"};
  char *ptx = nvrtc_ptx(src, "twice.cu", 1, o1);
  EXPECT(strstr(ptx, ".target sm_80") != NULL);
  CUmodule mod;
  CU(cuModuleLoadData(&mod, ptx));
  EXPECT(run_twice(mod) == 0);
  CU(cuModuleUnload(mod));

  // sm_80: a cubin only.
  nvrtcProgram prog;
  NVRTC(nvrtcCreateProgram(&prog, src, "twice.cu", 0, NULL, NULL));
  const char *o2[] = {"-arch=sm_80"};
  nvrtc_compile_or_die(prog, 1, o2);
  size_t cubin_size = 0;
  NVRTC(nvrtcGetCUBINSize(prog, &cubin_size));
  EXPECT(cubin_size > 0);
  char *cubin = malloc(cubin_size);
  NVRTC(nvrtcGetCUBIN(prog, cubin));
  EXPECT(memcmp(cubin, "\177ELF", 4) == 0);
  size_t ptx_size = 0;
  nvrtcResult pr = nvrtcGetPTXSize(prog, &ptx_size);
  printf("nvrtcGetPTXSize after -arch=sm_80: %s, %zu\n", nvrtcGetErrorString(pr), ptx_size);
  CUresult r = cuModuleLoadData(&mod, cubin);
  const char *name = "?";
  cuGetErrorName(r, &name);
  printf("cuModuleLoadData(cubin) -> %s\n", name);
  EXPECT(r == CUDA_ERROR_NO_BINARY_FOR_GPU || r == CUDA_ERROR_INVALID_IMAGE);
  char err[1024] = "";
  CUjit_option opts[] = {CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *vals[] = {err, (void *)(uintptr_t)sizeof err};
  EXPECT_RES(cuModuleLoadDataEx(&mod, cubin, 2, opts, vals), r);
  printf("error log: %s\n", err);
  // The context still works.
  CU(cuModuleLoadData(&mod, ptx));
  EXPECT(run_twice(mod) == 0);
  CU(cuModuleUnload(mod));
  NVRTC(nvrtcDestroyProgram(&prog));
  CU(cuCtxDestroy(ctx));
  free(ptx), free(cubin);
  return drv_finish();
}
