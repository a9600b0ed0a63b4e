// vectorAdd_nvrtc: the kernel compiled at run time by NVRTC for compute_80 and loaded
// from the PTX with cuModuleLoadDataEx; plus a templated kernel found through
// nvrtcAddNameExpression / nvrtcGetLoweredName (C++ mangled names).
#include "drvapps_nvrtc.h"

static const char *src =
    "extern \"C\" __global__ void vectorAdd(const float *A, const float *B, float *C, int n) {\n"
    "  int i = blockDim.x * blockIdx.x + threadIdx.x;\n"
    "  if (i < n) C[i] = A[i] + B[i];\n"
    "}\n"
    "template <typename T, int K> __global__ void axpyK(T *y, const T *x, T a, int n) {\n"
    "  int i = blockDim.x * blockIdx.x + threadIdx.x;\n"
    "  if (i < n) y[i] = a * x[i] + y[i] + K;\n"
    "}\n"
    "namespace ns { __device__ int counter = 5; }\n";

int main(void) {
  nvrtcProgram prog;
  NVRTC(nvrtcCreateProgram(&prog, src, "vectorAdd.cu", 0, NULL, NULL));
  const char *exprs[] = {"axpyK<float, 3>", "axpyK<double, 1>", "&ns::counter"};
  for (int i = 0; i < 3; i++) NVRTC(nvrtcAddNameExpression(prog, exprs[i]));
  const char *opts[] = {"--gpu-architecture=compute_80", "-default-device"};
  nvrtc_compile_or_die(prog, 2, opts);
  size_t n;
  NVRTC(nvrtcGetPTXSize(prog, &n));
  char *ptx = malloc(n);
  NVRTC(nvrtcGetPTX(prog, ptx));
  const char *lowered[3];
  for (int i = 0; i < 3; i++) {
    NVRTC(nvrtcGetLoweredName(prog, exprs[i], &lowered[i]));
    printf("%s -> %s\n", exprs[i], lowered[i]);
  }
  EXPECT(strcmp(lowered[0], "_Z5axpyKIfLi3EEvPT_PKS0_S0_i") == 0);

  CUcontext ctx = drv_setup(NULL);
  CUmodule mod;
  CU(cuModuleLoadDataEx(&mod, ptx, 0, NULL, NULL));
  CUfunction fadd, ff, fd;
  CU(cuModuleGetFunction(&fadd, mod, "vectorAdd"));
  CU(cuModuleGetFunction(&ff, mod, lowered[0]));
  CU(cuModuleGetFunction(&fd, mod, lowered[1]));
  EXPECT_RES(cuModuleGetFunction(&fd, mod, "axpyK"), CUDA_ERROR_NOT_FOUND);

  int N = 10000;
  float *a = malloc(N * 4), *b = malloc(N * 4), *c = malloc(N * 4);
  for (int i = 0; i < N; i++) a[i] = (float)rand() / RAND_MAX, b[i] = (float)rand() / RAND_MAX;
  CUdeviceptr da, db, dc;
  CU(cuMemAlloc(&da, N * 4));
  CU(cuMemAlloc(&db, N * 4));
  CU(cuMemAlloc(&dc, N * 8));
  CU(cuMemcpyHtoD(da, a, N * 4));
  CU(cuMemcpyHtoD(db, b, N * 4));
  void *args[] = {&da, &db, &dc, &N};
  CU(cuLaunchKernel(fadd, (N + 255) / 256, 1, 1, 256, 1, 1, 0, NULL, args, NULL));
  CU(cuMemcpyDtoH(c, dc, N * 4));
  int bad = 0;
  for (int i = 0; i < N; i++)
    if (fabsf(c[i] - (a[i] + b[i])) > 1e-6f) bad++;
  EXPECT(bad == 0);

  // y = 2 * a + b + 3 in float, in place over db.
  float two = 2;
  void *args2[] = {&db, &da, &two, &N};
  CU(cuLaunchKernel(ff, (N + 127) / 128, 1, 1, 128, 1, 1, 0, NULL, args2, NULL));
  CU(cuMemcpyDtoH(c, db, N * 4));
  bad = 0;
  for (int i = 0; i < N; i++)
    if (fabsf(c[i] - (2 * a[i] + b[i] + 3)) > 1e-5f) bad++;
  EXPECT(bad == 0);

  // double: y = 0.5 * x + y + 1 on 8 elements.
  double xd[8], yd[8], rd[8];
  for (int i = 0; i < 8; i++) xd[i] = i, yd[i] = 10 * i;
  CUdeviceptr dx;
  CU(cuMemAlloc(&dx, sizeof xd));
  CU(cuMemcpyHtoD(dx, xd, sizeof xd));
  CU(cuMemcpyHtoD(dc, yd, sizeof yd));
  double half = 0.5;
  int eight = 8;
  void *args3[] = {&dc, &dx, &half, &eight};
  CU(cuLaunchKernel(fd, 1, 1, 1, 32, 1, 1, 0, NULL, args3, NULL));
  CU(cuMemcpyDtoH(rd, dc, sizeof rd));
  for (int i = 0; i < 8; i++) EXPECT(rd[i] == 0.5 * i + 10 * i + 1);

  // The __device__ variable by its lowered name.
  CUdeviceptr dcount;
  size_t csize;
  int count = 0;
  CU(cuModuleGetGlobal(&dcount, &csize, mod, lowered[2]));
  EXPECT(csize == 4);
  CU(cuMemcpyDtoH(&count, dcount, 4));
  EXPECT(count == 5);
  NVRTC(nvrtcDestroyProgram(&prog));
  CU(cuModuleUnload(mod));
  CU(cuCtxDestroy(ctx));
  free(a), free(b), free(c), free(ptx);
  return drv_finish();
}
