// LINK: -lcuda -lnvrtc
// The driver API with PTX from NVRTC: nvrtcCreateProgram -> nvrtcCompileProgram ->
// nvrtcGetPTX -> cuModuleLoadData -> cuModuleGetFunction -> cuLaunchKernel, with
// cuMemAlloc/cuMemcpyHtoD/DtoH, a module global read back with cuModuleGetGlobal, and
// kernel parameters passed both ways (kernelParams and CU_LAUNCH_PARAM_BUFFER_POINTER).
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <cuda.h>
#include <nvrtc.h>

static int failures;

#define NVRTC_CHECK(call)                                                                 \
  do {                                                                                    \
    nvrtcResult r_ = (call);                                                              \
    if (r_ != NVRTC_SUCCESS) {                                                            \
      printf("%s:%d: %s: %s\nFAILED\n", __FILE__, __LINE__, #call, nvrtcGetErrorString(r_)); \
      exit(1);                                                                            \
    }                                                                                     \
  } while (0)

#define CU_CHECK(call)                                                                    \
  do {                                                                                    \
    CUresult r_ = (call);                                                                 \
    if (r_ != CUDA_SUCCESS) {                                                             \
      const char *name_ = "?";                                                            \
      cuGetErrorName(r_, &name_);                                                         \
      printf("%s:%d: %s: %s\nFAILED\n", __FILE__, __LINE__, #call, name_);                \
      exit(1);                                                                            \
    }                                                                                     \
  } while (0)

static const char *source = R"(
__device__ int launches;
extern "C" __global__ void scale_add(const float *x, float *y, float a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
  if (i == 0) atomicAdd(&launches, 1);
}
extern "C" __global__ void iota(int *out, int n, int base) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x)
    out[i] = base + i;
}
)";

int main() {
  nvrtcProgram prog;
  NVRTC_CHECK(nvrtcCreateProgram(&prog, source, "kernels.cu", 0, nullptr, nullptr));
  const char *opts[] = {"--gpu-architecture=compute_75"};
  nvrtcResult cr = nvrtcCompileProgram(prog, 1, opts);
  if (cr != NVRTC_SUCCESS) {
    size_t log_size;
    nvrtcGetProgramLogSize(prog, &log_size);
    char *log = (char *)malloc(log_size + 1);
    nvrtcGetProgramLog(prog, log);
    printf("compile log:\n%s\nFAILED\n", log);
    return 1;
  }
  size_t ptx_size;
  NVRTC_CHECK(nvrtcGetPTXSize(prog, &ptx_size));
  char *ptx = (char *)malloc(ptx_size);
  NVRTC_CHECK(nvrtcGetPTX(prog, ptx));
  NVRTC_CHECK(nvrtcDestroyProgram(&prog));

  CU_CHECK(cuInit(0));
  int count = 0;
  CU_CHECK(cuDeviceGetCount(&count));
  if (count < 1) {
    printf("no device\nFAILED\n");
    return 1;
  }
  CUdevice dev;
  CU_CHECK(cuDeviceGet(&dev, 0));
  CUcontext ctx;
  CU_CHECK(cuDevicePrimaryCtxRetain(&ctx, dev));
  CU_CHECK(cuCtxSetCurrent(ctx));
  CUmodule mod;
  CU_CHECK(cuModuleLoadData(&mod, ptx));
  CUfunction scale_add, iota;
  CU_CHECK(cuModuleGetFunction(&scale_add, mod, "scale_add"));
  CU_CHECK(cuModuleGetFunction(&iota, mod, "iota"));

  const int n = 10007;
  float *hx = (float *)malloc(n * 4), *hy = (float *)malloc(n * 4), *hr = (float *)malloc(n * 4);
  for (int i = 0; i < n; i++) hx[i] = (float)i, hy[i] = (float)(n - i);
  CUdeviceptr dx, dy, dout;
  CU_CHECK(cuMemAlloc(&dx, n * 4));
  CU_CHECK(cuMemAlloc(&dy, n * 4));
  CU_CHECK(cuMemAlloc(&dout, n * 4));
  CU_CHECK(cuMemcpyHtoD(dx, hx, n * 4));
  CU_CHECK(cuMemcpyHtoD(dy, hy, n * 4));
  float a = 2.0f;
  int nn = n;
  void *args[] = {&dx, &dy, &a, &nn};
  CU_CHECK(cuLaunchKernel(scale_add, (n + 127) / 128, 1, 1, 128, 1, 1, 0, nullptr, args, nullptr));
  CU_CHECK(cuLaunchKernel(scale_add, (n + 127) / 128, 1, 1, 128, 1, 1, 0, nullptr, args, nullptr));
  CU_CHECK(cuCtxSynchronize());
  CU_CHECK(cuMemcpyDtoH(hr, dy, n * 4));
  for (int i = 0; i < n; i++)
    if (hr[i] != 4.0f * i + (float)(n - i) && failures++ < 10)
      printf("scale_add[%d] = %g\n", i, hr[i]);

  // The same parameters as one packed buffer (CU_LAUNCH_PARAM_BUFFER_POINTER).
  struct {
    CUdeviceptr out;
    int n, base;
  } packed = {dout, n, -50};
  size_t packed_size = sizeof packed;
  void *extra[] = {CU_LAUNCH_PARAM_BUFFER_POINTER, &packed, CU_LAUNCH_PARAM_BUFFER_SIZE,
                   &packed_size, CU_LAUNCH_PARAM_END};
  CU_CHECK(cuLaunchKernel(iota, 7, 1, 1, 64, 1, 1, 0, nullptr, nullptr, extra));
  CU_CHECK(cuCtxSynchronize());
  int *hi = (int *)malloc(n * 4);
  CU_CHECK(cuMemcpyDtoH(hi, dout, n * 4));
  for (int i = 0; i < n; i++)
    if (hi[i] != i - 50 && failures++ < 10) printf("iota[%d] = %d\n", i, hi[i]);

  CUdeviceptr gaddr;
  size_t gsize;
  CU_CHECK(cuModuleGetGlobal(&gaddr, &gsize, mod, "launches"));
  int launches = 0;
  CU_CHECK(cuMemcpyDtoH(&launches, gaddr, sizeof launches));
  if (gsize != sizeof(int) || launches != 2) {
    printf("launches = %d (size %zu), expected 2\n", launches, gsize);
    failures++;
  }
  CUfunction missing;
  if (cuModuleGetFunction(&missing, mod, "no_such_kernel") != CUDA_ERROR_NOT_FOUND) {
    printf("cuModuleGetFunction of a missing kernel did not return CUDA_ERROR_NOT_FOUND\n");
    failures++;
  }
  CU_CHECK(cuMemFree(dx));
  CU_CHECK(cuMemFree(dy));
  CU_CHECK(cuMemFree(dout));
  CU_CHECK(cuModuleUnload(mod));
  CU_CHECK(cuDevicePrimaryCtxRelease(dev));
  printf("nvrtc_driver: %s\n", failures ? "FAILED" : "PASSED");
  return failures ? 1 : 0;
}
