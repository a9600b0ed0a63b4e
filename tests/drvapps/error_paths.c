// Error paths of the driver API: calls before cuInit, invalid handles (null, freed,
// destroyed), launches with too many threads, too large a grid or too much shared memory,
// bad pointers to cuMemFree / copies, and a kernel that faults: each gives the CUresult
// NVIDIA's driver gives, the faulting one sticky, and nothing crashes.
// GEN: k.ptx: -ptx -arch=compute_80 kernels/drv_kernels.cu
#include "drvapps.h"

static const char *fault_ptx =
    ".version 7.0\n.target sm_50\n.address_size 64\n"
    ".visible .entry wild() {\n"
    "  .reg .u64 %rd<2>; .reg .u32 %r<2>;\n"
    "  mov.u64 %rd1, 16;\n  mov.u32 %r1, 1;\n  st.global.u32 [%rd1], %r1;\n  ret;\n}\n";

int main(void) {
  CUdevice dev;
  int count = -1;
  EXPECT_RES(cuDeviceGetCount(&count), CUDA_ERROR_NOT_INITIALIZED);
  EXPECT_RES(cuInit(1), CUDA_ERROR_INVALID_VALUE);
  CU(cuInit(0));
  CU(cuDeviceGetCount(&count));
  EXPECT(count >= 1);
  EXPECT_RES(cuDeviceGet(&dev, count), CUDA_ERROR_INVALID_DEVICE);
  EXPECT_RES(cuDeviceGet(&dev, -1), CUDA_ERROR_INVALID_DEVICE);
  CU(cuDeviceGet(&dev, 0));
  CUdeviceptr p;
  EXPECT_RES(cuMemAlloc(&p, 16), CUDA_ERROR_INVALID_CONTEXT); // no context yet
  const char *s = NULL;
  EXPECT_RES(cuGetErrorName((CUresult)12345, &s), CUDA_ERROR_INVALID_VALUE);
  CU(cuGetErrorString(CUDA_ERROR_ILLEGAL_ADDRESS, &s));
  EXPECT(s && strlen(s) > 5);

  CUcontext ctx;
  CU(cuCtxCreate(&ctx, NULL, 0, dev));
  CUmodule mod;
  CUfunction f;
  CU(cuModuleLoad(&mod, drv_path("k.ptx")));
  CU(cuModuleGetFunction(&f, mod, "addOne"));
  EXPECT_RES(cuModuleGetFunction(&f, mod, NULL), CUDA_ERROR_INVALID_VALUE);
  EXPECT_RES(cuModuleGetFunction(&f, NULL, "addOne"), CUDA_ERROR_INVALID_HANDLE);
  EXPECT_RES(cuModuleLoadData(&mod, NULL), CUDA_ERROR_INVALID_VALUE);
  EXPECT_RES(cuModuleLoadData(&mod, "\x7f" "garbage that is neither PTX nor a fatbinary"), CUDA_ERROR_INVALID_IMAGE);
  CU(cuModuleGetFunction(&f, mod, "addOne"));

  CUdeviceptr d;
  CU(cuMemAlloc(&d, 1024 * 4));
  CU(cuMemsetD32(d, 0, 1024));
  int n = 1024;
  void *args[] = {&d, &n};
  EXPECT_RES(cuLaunchKernel(f, 1, 1, 1, 1025, 1, 1, 0, NULL, args, NULL), CUDA_ERROR_INVALID_VALUE);
  EXPECT_RES(cuLaunchKernel(f, 1, 1, 1, 32, 32, 2, 0, NULL, args, NULL), CUDA_ERROR_INVALID_VALUE);
  EXPECT_RES(cuLaunchKernel(f, 1, 1, 1, 1, 1, 65, 0, NULL, args, NULL), CUDA_ERROR_INVALID_VALUE);
  EXPECT_RES(cuLaunchKernel(f, 1, 65536, 1, 32, 1, 1, 0, NULL, args, NULL), CUDA_ERROR_INVALID_VALUE);
  EXPECT_RES(cuLaunchKernel(f, 0, 1, 1, 32, 1, 1, 0, NULL, args, NULL), CUDA_ERROR_INVALID_VALUE);
  EXPECT_RES(cuLaunchKernel(f, 1, 1, 1, 32, 1, 1, 1 << 30, NULL, args, NULL), CUDA_ERROR_INVALID_VALUE);
  EXPECT_RES(cuLaunchKernel(NULL, 1, 1, 1, 32, 1, 1, 0, NULL, args, NULL), CUDA_ERROR_INVALID_HANDLE);
  EXPECT_RES(cuLaunchKernel(f, 1, 1, 1, 32, 1, 1, 0, NULL, NULL, NULL), CUDA_ERROR_INVALID_VALUE);
  // None of these ran: the memory is still zero. Then a good launch works.
  CU(cuLaunchKernel(f, 4, 1, 1, 256, 1, 1, 0, NULL, args, NULL));
  int h[1024];
  CU(cuMemcpyDtoH(h, d, sizeof h));
  EXPECT(h[0] == 1 && h[1023] == 1);

  // Memory errors.
  EXPECT_RES(cuMemFree(d + 4), CUDA_ERROR_INVALID_VALUE);
  CUdeviceptr d2;
  CU(cuMemAlloc(&d2, 64));
  CU(cuMemFree(d2));
  EXPECT_RES(cuMemFree(d2), CUDA_ERROR_INVALID_VALUE);
  EXPECT_RES(cuMemAlloc(&d2, 0), CUDA_ERROR_INVALID_VALUE);
  EXPECT_RES(cuMemAlloc(NULL, 16), CUDA_ERROR_INVALID_VALUE);
  EXPECT_RES(cuMemcpyHtoD(d, h, 1024 * 4 + 4), CUDA_ERROR_INVALID_VALUE);

  // Stale stream and event handles.
  CUstream st;
  CUevent ev;
  CU(cuStreamCreate(&st, 0));
  CU(cuStreamDestroy(st));
  EXPECT_RES(cuStreamSynchronize(st), CUDA_ERROR_INVALID_HANDLE);
  CU(cuEventCreate(&ev, 0));
  CU(cuEventDestroy(ev));
  EXPECT_RES(cuEventRecord(ev, NULL), CUDA_ERROR_INVALID_HANDLE);
  CU(cuModuleUnload(mod));
  EXPECT_RES(cuLaunchKernel(f, 1, 1, 1, 32, 1, 1, 0, NULL, args, NULL), CUDA_ERROR_INVALID_HANDLE);
  EXPECT_RES(cuModuleUnload(mod), CUDA_ERROR_INVALID_HANDLE);

  // A faulting kernel: the launch (asynchronous) or the next synchronisation reports
  // CUDA_ERROR_ILLEGAL_ADDRESS, and it sticks to the context.
  CUmodule fm;
  CUfunction wild;
  CU(cuModuleLoadData(&fm, fault_ptx));
  CU(cuModuleGetFunction(&wild, fm, "wild"));
  CUresult r = cuLaunchKernel(wild, 1, 1, 1, 1, 1, 1, 0, NULL, NULL, NULL);
  if (r == CUDA_SUCCESS) r = cuCtxSynchronize();
  EXPECT(r == CUDA_ERROR_ILLEGAL_ADDRESS);
  EXPECT_RES(cuCtxSynchronize(), CUDA_ERROR_ILLEGAL_ADDRESS);
  EXPECT_RES(cuMemAlloc(&d2, 16), CUDA_ERROR_ILLEGAL_ADDRESS);
  // Destroying the context clears it: a new context works.
  CU(cuCtxDestroy(ctx));
  CU(cuCtxCreate(&ctx, NULL, 0, dev));
  CU(cuMemAlloc(&d2, 16));
  CU(cuMemFree(d2));
  CU(cuCtxDestroy(ctx));
  return drv_finish();
}
