// The ptxjit sample: PTX linked at run time with cuLinkCreate / cuLinkAddData /
// cuLinkComplete, then the linked image loaded with cuModuleLoadData. Here two PTX units
// (a kernel calling an .extern device function defined in the other unit, both from
// NVRTC with -rdc) are linked, the wall-time and log options are honoured, and a unit
// with an unresolved function must fail at cuLinkComplete.
// GEN: k.ptx: -ptx -arch=compute_80 kernels/drv_kernels.cu
#include "drvapps_nvrtc.h"

static const char *unit_a =
    "extern __device__ int helper(int x);\n"
    "extern \"C\" __global__ void kernel(int *data) {\n"
    "  int tid = blockIdx.x * blockDim.x + threadIdx.x;\n"
    "  data[tid] = helper(tid);\n"
    "}\n";
static const char *unit_b = "__device__ int helper(int x) { return 3 * x + 1; }\n";
static const char *unit_c =
    "extern __device__ int missing(int x);\n"
    "extern \"C\" __global__ void broken(int *d) { d[0] = missing(1); }\n";

int main(void) {
  const char *opts[] = {"--gpu-architecture=compute_80", "-rdc=true"};
  char *pa = nvrtc_ptx(unit_a, "a.cu", 2, opts);
  char *pb = nvrtc_ptx(unit_b, "b.cu", 2, opts);
  char *pc = nvrtc_ptx(unit_c, "c.cu", 2, opts);
  CUcontext ctx = drv_setup(NULL);

  float wall = -1;
  char info[2048] = "", err[2048] = "";
  CUjit_option lo[] = {CU_JIT_WALL_TIME, CU_JIT_INFO_LOG_BUFFER, CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES,
                       CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES, CU_JIT_LOG_VERBOSE};
  void *lv[] = {NULL, info, (void *)(uintptr_t)sizeof info, err, (void *)(uintptr_t)sizeof err,
                (void *)(uintptr_t)1};
  CUlinkState link;
  CU(cuLinkCreate(6, lo, lv, &link));
  CU(cuLinkAddData(link, CU_JIT_INPUT_PTX, pa, strlen(pa) + 1, "a.ptx", 0, NULL, NULL));
  CU(cuLinkAddData(link, CU_JIT_INPUT_PTX, pb, strlen(pb) + 1, "b.ptx", 0, NULL, NULL));
  void *image = NULL;
  size_t image_size = 0;
  CU(cuLinkComplete(link, &image, &image_size));
  EXPECT(image != NULL && image_size > 0);
  memcpy(&wall, &lv[0], sizeof wall);
  printf("link: %zu bytes, wall %g ms, info log '%s'\n", image_size, wall, info);
  EXPECT(wall >= 0 && wall < 600e3);

  CUmodule mod;
  CUfunction f;
  CU(cuModuleLoadData(&mod, image));
  CU(cuLinkDestroy(link)); // the module keeps what it needs
  CU(cuModuleGetFunction(&f, mod, "kernel"));
  int n = 4 * 128, h[4 * 128];
  CUdeviceptr d;
  CU(cuMemAlloc(&d, sizeof h));
  void *args[] = {&d};
  CU(cuLaunchKernel(f, 4, 1, 1, 128, 1, 1, 0, NULL, args, NULL));
  CU(cuMemcpyDtoH(h, d, sizeof h));
  int bad = 0;
  for (int i = 0; i < n; i++) bad += h[i] != 3 * i + 1;
  EXPECT(bad == 0);
  CU(cuModuleUnload(mod));

  // An unresolved external: cuLinkComplete fails and says which symbol.
  err[0] = 0;
  void *lv2[] = {NULL, info, (void *)(uintptr_t)sizeof info, err, (void *)(uintptr_t)sizeof err,
                 (void *)(uintptr_t)1};
  CU(cuLinkCreate(6, lo, lv2, &link));
  CU(cuLinkAddData(link, CU_JIT_INPUT_PTX, pc, strlen(pc) + 1, "c.ptx", 0, NULL, NULL));
  CUresult r = cuLinkComplete(link, &image, &image_size);
  const char *rn = "?";
  cuGetErrorName(r, &rn);
  printf("unresolved link -> %s, log '%s'\n", rn, err);
  EXPECT(r == CUDA_ERROR_INVALID_PTX || r == CUDA_ERROR_INVALID_IMAGE || r == CUDA_ERROR_NOT_FOUND ||
         r == CUDA_ERROR_SHARED_OBJECT_SYMBOL_NOT_FOUND);
  EXPECT(strstr(err, "missing") != NULL);
  CU(cuLinkDestroy(link));
  // nvcc's PTX with dynamic shared memory (.extern .shared) links, alone and with the two
  // units above, and its kernel runs from the linked image.
  char *kptx = drv_read_file(drv_path("k.ptx"), NULL);
  for (int units = 1; units <= 3; units += 2) {
    CU(cuLinkCreate(0, NULL, NULL, &link));
    CU(cuLinkAddData(link, CU_JIT_INPUT_PTX, kptx, strlen(kptx) + 1, "k.ptx", 0, NULL, NULL));
    if (units == 3) {
      CU(cuLinkAddData(link, CU_JIT_INPUT_PTX, pa, strlen(pa) + 1, "a.ptx", 0, NULL, NULL));
      CU(cuLinkAddData(link, CU_JIT_INPUT_PTX, pb, strlen(pb) + 1, "b.ptx", 0, NULL, NULL));
    }
    CU(cuLinkComplete(link, &image, &image_size));
    CU(cuModuleLoadData(&mod, image));
    CUfunction su;
    CU(cuModuleGetFunction(&su, mod, "sharedUser"));
    CUdeviceptr o;
    float out[64];
    CU(cuMemAlloc(&o, sizeof out));
    void *sargs[] = {&o};
    CU(cuLaunchKernel(su, 1, 1, 1, 64, 1, 1, 64 * 4, NULL, sargs, NULL));
    CU(cuMemcpyDtoH(out, o, sizeof out));
    for (int i = 0; i < 64; i++) EXPECT(out[i] == (float)(63 - i) + 2 * i);
    CU(cuMemFree(o));
    CU(cuModuleUnload(mod));
    CU(cuLinkDestroy(link));
  }
  free(kptx);
  // Garbage PTX is refused by cuLinkAddData or cuLinkComplete, not crashed on.
  CU(cuLinkCreate(0, NULL, NULL, &link));
  const char *junk = "this is not ptx";
  r = cuLinkAddData(link, CU_JIT_INPUT_PTX, (void *)junk, strlen(junk) + 1, "junk.ptx", 0, NULL, NULL);
  if (r == CUDA_SUCCESS) r = cuLinkComplete(link, &image, &image_size);
  EXPECT(r == CUDA_ERROR_INVALID_PTX);
  CU(cuLinkDestroy(link));
  CU(cuCtxDestroy(ctx));
  free(pa), free(pb), free(pc);
  return drv_finish();
}
