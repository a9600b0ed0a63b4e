// LINK: -lcuda
// A driver-API program as in the CUDA samples vectorAddDrv / matrixMulDrv: cuInit,
// cuDeviceGet, cuCtxCreate, cuModuleLoad of a PTX file from disk (driver_module.ptx,
// nvcc -ptx output kept beside this source), cuModuleGetFunction, cuModuleGetGlobal for a
// __constant__ and a __device__ variable, cuLaunchKernel with kernelParams and with
// CU_LAUNCH_PARAM_BUFFER_POINTER, dynamic shared memory, cuMemsetD32, cuMemcpyHtoD/DtoH,
// and cuModuleLoadData of the same text (the JIT path of programs that embed PTX).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <cuda.h>

static int failures;

#define CU_CHECK(call)                                                                     \
  do {                                                                                     \
    CUresult r_ = (call);                                                                  \
    if (r_ != CUDA_SUCCESS) {                                                              \
      const char *name_ = "?";                                                             \
      cuGetErrorName(r_, &name_);                                                          \
      printf("%s:%d: %s: %s\nFAILED\n", __FILE__, __LINE__, #call, name_);                 \
      exit(1);                                                                             \
    }                                                                                      \
  } while (0)

#define EXPECT(cond, ...)                                                                  \
  do {                                                                                     \
    if (!(cond) && failures++ < 10) {                                                      \
      printf("%s:%d: expected %s: ", __FILE__, __LINE__, #cond);                           \
      printf(__VA_ARGS__);                                                                 \
      printf("\n");                                                                        \
    }                                                                                      \
  } while (0)

// The PTX file sits beside this source; nvcc records the source path in __FILE__.
static std::string ptx_path(const char *argv0) {
  const char *env = getenv("APPS_PTX_DIR");
  std::string dir;
  if (env) {
    dir = env;
  } else {
    dir = __FILE__;
    size_t slash = dir.rfind('/');
    dir = slash == std::string::npos ? "." : dir.substr(0, slash);
  }
  (void)argv0;
  return dir + "/driver_module.ptx";
}

static void run_module(CUmodule mod, const char *how) {
  CUfunction vecAdd, scaleSum;
  CU_CHECK(cuModuleGetFunction(&vecAdd, mod, "vecAdd"));
  CU_CHECK(cuModuleGetFunction(&scaleSum, mod, "scaleSum"));
  const int n = 50000, threads = 256, blocks = (n + threads - 1) / threads;
  float *a = (float *)malloc(n * 4), *b = (float *)malloc(n * 4), *c = (float *)malloc(n * 4);
  for (int i = 0; i < n; i++) {
    a[i] = (float)i * 0.5f;
    b[i] = (float)(n - i);
  }
  CUdeviceptr da, db, dc, dsums;
  CU_CHECK(cuMemAlloc(&da, n * 4));
  CU_CHECK(cuMemAlloc(&db, n * 4));
  CU_CHECK(cuMemAlloc(&dc, n * 4));
  CU_CHECK(cuMemAlloc(&dsums, blocks * 4));
  CU_CHECK(cuMemcpyHtoD(da, a, n * 4));
  CU_CHECK(cuMemcpyHtoD(db, b, n * 4));
  CU_CHECK(cuMemsetD32(dc, 0xdeadbeef, n));
  int nn = n;
  void *args[] = {&da, &db, &dc, &nn};
  CU_CHECK(cuLaunchKernel(vecAdd, blocks, 1, 1, threads, 1, 1, 0, 0, args, nullptr));
  CU_CHECK(cuCtxSynchronize());
  CU_CHECK(cuMemcpyDtoH(c, dc, n * 4));
  for (int i = 0; i < n; i++) EXPECT(c[i] == a[i] + b[i], "%s vecAdd c[%d] = %f, want %f", how, i, c[i], a[i] + b[i]);

  // Module globals: set the __constant__ scale, zero the __device__ counter.
  CUdeviceptr dscale, dcount;
  size_t sz;
  CU_CHECK(cuModuleGetGlobal(&dscale, &sz, mod, "scaleFactor"));
  EXPECT(sz == 4, "%s scaleFactor has %zu bytes", how, sz);
  EXPECT(cuModuleGetGlobal(&dcount, &sz, mod, "noSuchSymbol") == CUDA_ERROR_NOT_FOUND, "%s: unknown global found", how);
  CU_CHECK(cuModuleGetGlobal(&dcount, &sz, mod, "launchCount"));
  float scale = 0.25f;
  CU_CHECK(cuMemcpyHtoD(dscale, &scale, 4));
  CU_CHECK(cuMemsetD32(dcount, 0, 1));
  // Parameters packed into one buffer, with the alignment the PTX declares (u64, u64, u32).
  struct {
    CUdeviceptr in, sums;
    int n;
  } packed = {da, dsums, n};
  size_t packed_size = sizeof packed;
  void *config[] = {CU_LAUNCH_PARAM_BUFFER_POINTER, &packed, CU_LAUNCH_PARAM_BUFFER_SIZE, &packed_size,
                    CU_LAUNCH_PARAM_END};
  CU_CHECK(cuLaunchKernel(scaleSum, blocks, 1, 1, threads, 1, 1, threads * sizeof(float), 0, nullptr, config));
  CU_CHECK(cuCtxSynchronize());
  float *sums = (float *)malloc(blocks * 4);
  int count = 0;
  CU_CHECK(cuMemcpyDtoH(sums, dsums, blocks * 4));
  CU_CHECK(cuMemcpyDtoH(&count, dcount, 4));
  EXPECT(count == blocks, "%s launchCount = %d, want %d", how, count, blocks);
  for (int bl = 0; bl < blocks; bl++) {
    double s = 0;
    for (int i = bl * threads; i < (bl + 1) * threads && i < n; i++) s += a[i] * 0.25;
    EXPECT(fabs(sums[bl] - s) <= 1e-6 * s + 1e-3, "%s block %d sum %f, want %f", how, bl, sums[bl], s);
  }
  CU_CHECK(cuMemFree(da));
  CU_CHECK(cuMemFree(db));
  CU_CHECK(cuMemFree(dc));
  CU_CHECK(cuMemFree(dsums));
  free(a); free(b); free(c); free(sums);
}

int main(int argc, char **argv) {
  (void)argc;
  CU_CHECK(cuInit(0));
  int count = 0;
  CU_CHECK(cuDeviceGetCount(&count));
  EXPECT(count >= 1, "%d devices", count);
  CUdevice dev;
  CU_CHECK(cuDeviceGet(&dev, 0));
  char name[256];
  CU_CHECK(cuDeviceGetName(name, sizeof name, dev));
  int major = 0, minor = 0;
  CU_CHECK(cuDeviceGetAttribute(&major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev));
  CU_CHECK(cuDeviceGetAttribute(&minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev));
  printf("device 0: %s, compute capability %d.%d\n", name, major, minor);
  CUcontext ctx;
  CU_CHECK(cuCtxCreate(&ctx, nullptr, 0, dev));

  std::string path = ptx_path(argv[0]);
  CUmodule mod;
  CUresult r = cuModuleLoad(&mod, path.c_str());
  if (r != CUDA_SUCCESS) {
    const char *n = "?";
    cuGetErrorName(r, &n);
    printf("cuModuleLoad(%s): %s\nFAILED\n", path.c_str(), n);
    return 1;
  }
  run_module(mod, "cuModuleLoad");
  CU_CHECK(cuModuleUnload(mod));

  // The same PTX from memory, with JIT options asking for an info log.
  FILE *f = fopen(path.c_str(), "rb");
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = (char *)malloc(len + 1);
  if (fread(text, 1, len, f) != (size_t)len) {
    printf("short read of %s\nFAILED\n", path.c_str());
    return 1;
  }
  text[len] = 0;
  fclose(f);
  char info[4096] = {0};
  CUjit_option opts[] = {CU_JIT_INFO_LOG_BUFFER, CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES};
  void *vals[] = {info, (void *)(size_t)sizeof info};
  CU_CHECK(cuModuleLoadDataEx(&mod, text, 2, opts, vals));
  run_module(mod, "cuModuleLoadDataEx");
  CU_CHECK(cuModuleUnload(mod));
  free(text);

  // A missing file is an error, not a crash.
  EXPECT(cuModuleLoad(&mod, "/nonexistent/none.ptx") != CUDA_SUCCESS, "loading a missing file succeeded");
  CU_CHECK(cuCtxDestroy(ctx));
  if (failures) {
    printf("driver_module: %d check(s) failed\nFAILED\n", failures);
    return 1;
  }
  printf("driver_module: PASSED\n");
  return 0;
}
