// What the driver says about functions, pointers and module globals:
// cuFuncGetAttribute (threads, registers, static shared, PTX/binary version),
// cuOccupancyMaxPotentialBlockSize / MaxActiveBlocksPerMultiprocessor,
// cuFuncSetAttribute of the dynamic shared memory limit, cuPointerGetAttributes over
// device, pinned and plain host memory, and cuModuleGetGlobal + cuMemcpyHtoD into
// __device__ and __constant__ variables that a kernel then reads.
// GEN: k.fatbin: -fatbin -arch=sm_80 kernels/drv_kernels.cu
// GEN: g.ptx: -ptx -arch=compute_80 kernels/drv_globals.cu
#include "drvapps.h"

static size_t CUDA_CB smem_for(int block) { return (size_t)block * 4; }

int main(void) {
  CUdevice dev;
  CUcontext ctx = drv_setup(&dev);
  void *fat = drv_read_file(drv_path("k.fatbin"), NULL);
  CUmodule mod, gmod;
  CUfunction fs, fg;
  CU(cuModuleLoadData(&mod, fat));
  CU(cuModuleLoad(&gmod, drv_path("g.ptx")));
  CU(cuModuleGetFunction(&fs, mod, "sharedUser"));
  CU(cuModuleGetFunction(&fg, gmod, "scaleByGlobals"));

  int v = -1, maxthreads = 0;
  CU(cuFuncGetAttribute(&maxthreads, CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, fs));
  EXPECT(maxthreads > 0 && maxthreads <= 1024);
  CU(cuFuncGetAttribute(&v, CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES, fs));
  EXPECT(v == 256 * 4);
  CU(cuFuncGetAttribute(&v, CU_FUNC_ATTRIBUTE_NUM_REGS, fs));
  EXPECT(v >= 0 && v <= 255);
  CU(cuFuncGetAttribute(&v, CU_FUNC_ATTRIBUTE_PTX_VERSION, fs));
  EXPECT(v >= 80); // nvcc 13 writes PTX ISA 9.x: 90
  CU(cuFuncGetAttribute(&v, CU_FUNC_ATTRIBUTE_CONST_SIZE_BYTES, fg));
  EXPECT(v >= 0);
  CU(cuFuncGetAttribute(&v, CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES, fg));
  EXPECT(v >= 0);
  EXPECT_RES(cuFuncGetAttribute(&v, (CUfunction_attribute)999, fs), CUDA_ERROR_INVALID_VALUE);

  // Dynamic shared memory above 48 KiB needs the opt-in, as on a GPU.
  int optin = 0;
  CU(cuDeviceGetAttribute(&optin, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, dev));
  CU(cuFuncSetAttribute(fs, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, 64 * 1024));
  CU(cuFuncGetAttribute(&v, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, fs));
  EXPECT(v == 64 * 1024);
  EXPECT_RES(cuFuncSetAttribute(fs, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, optin + 1),
             CUDA_ERROR_INVALID_VALUE);

  // Occupancy.
  int min_grid = 0, block = 0;
  CU(cuOccupancyMaxPotentialBlockSize(&min_grid, &block, fs, NULL, 256 * 4, 0));
  EXPECT(block > 0 && block <= maxthreads && block % 32 == 0);
  EXPECT(min_grid > 0);
  int limited = 0;
  CU(cuOccupancyMaxPotentialBlockSize(&min_grid, &limited, fs, smem_for, 0, 128));
  EXPECT(limited > 0 && limited <= 128);
  int blocks = 0;
  CU(cuOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, fs, 256, 1024));
  EXPECT(blocks >= 1);
  printf("occupancy: block %d, min grid %d, %d blocks/SM at 256 threads\n", block, min_grid, blocks);

  // Run sharedUser with 256 threads and 1 KiB of dynamic shared memory.
  CUdeviceptr out;
  CU(cuMemAlloc(&out, 2 * 256 * 4));
  void *sa[] = {&out};
  CU(cuLaunchKernel(fs, 2, 1, 1, 256, 1, 1, 256 * 4, NULL, sa, NULL));
  float h[512];
  CU(cuMemcpyDtoH(h, out, sizeof h));
  int bad = 0;
  for (int i = 0; i < 512; i++) bad += h[i] != (float)(255 - i % 256) + 2 * (i % 256);
  EXPECT(bad == 0);

  // Module globals.
  CUdeviceptr dscale, dtable, dbias;
  size_t sz;
  CU(cuModuleGetGlobal(&dscale, &sz, gmod, "devScale"));
  EXPECT(sz == 4);
  CU(cuModuleGetGlobal(&dtable, &sz, gmod, "devTable"));
  EXPECT(sz == 16);
  CU(cuModuleGetGlobal(&dbias, NULL, gmod, "constBias"));
  EXPECT_RES(cuModuleGetGlobal(&dbias, &sz, gmod, "noSuchVariable"), CUDA_ERROR_NOT_FOUND);
  int scale = 3;
  float table[4] = {0.25f, 0.5f, 0.75f, 1.0f}, bias = 100;
  CU(cuMemcpyHtoD(dscale, &scale, 4));
  CU(cuMemcpyHtoD(dtable, table, 16));
  CU(cuMemcpyHtoD(dbias, &bias, 4));
  int n = 100;
  float in[100], res[100];
  for (int i = 0; i < n; i++) in[i] = i;
  CUdeviceptr din, dout;
  CU(cuMemAlloc(&din, sizeof in));
  CU(cuMemAlloc(&dout, sizeof res));
  CU(cuMemcpyHtoD(din, in, sizeof in));
  void *ga[] = {&dout, &din, &n};
  CU(cuLaunchKernel(fg, 1, 1, 1, 128, 1, 1, 0, NULL, ga, NULL));
  CU(cuMemcpyDtoH(res, dout, sizeof res));
  bad = 0;
  for (int i = 0; i < n; i++) bad += res[i] != in[i] * 3 + table[i & 3] + 100;
  EXPECT(bad == 0);

  // Pointer attributes.
  void *pinned, *plain = malloc(64);
  CU(cuMemAllocHost(&pinned, 4096));
  CUpointer_attribute attrs[] = {CU_POINTER_ATTRIBUTE_MEMORY_TYPE, CU_POINTER_ATTRIBUTE_CONTEXT,
                                 CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL, CU_POINTER_ATTRIBUTE_RANGE_SIZE,
                                 CU_POINTER_ATTRIBUTE_IS_MANAGED};
  unsigned mtype = 0;
  CUcontext pctx = NULL;
  int ordinal = -1;
  size_t range = 0;
  int managed = -1;
  void *data[] = {&mtype, &pctx, &ordinal, &range, &managed};
  CU(cuPointerGetAttributes(5, attrs, data, din + 16));
  EXPECT(mtype == CU_MEMORYTYPE_DEVICE);
  EXPECT(pctx == ctx);
  EXPECT(ordinal == 0);
  EXPECT(range == sizeof in);
  EXPECT(managed == 0);
  CU(cuPointerGetAttributes(5, attrs, data, (CUdeviceptr)(uintptr_t)pinned));
  EXPECT(mtype == CU_MEMORYTYPE_HOST);
  EXPECT(range == 4096);
  // Plain host memory: not CUDA's. cuPointerGetAttributes succeeds with memory type 0.
  mtype = 77;
  CU(cuPointerGetAttributes(1, attrs, data, (CUdeviceptr)(uintptr_t)plain));
  EXPECT(mtype == 0);
  EXPECT_RES(cuPointerGetAttribute(&mtype, CU_POINTER_ATTRIBUTE_MEMORY_TYPE, (CUdeviceptr)(uintptr_t)plain),
             CUDA_ERROR_INVALID_VALUE);
  CUdeviceptr base;
  size_t bsize;
  CU(cuMemGetAddressRange(&base, &bsize, din + 40));
  EXPECT(base == din && bsize == sizeof in);
  CU(cuMemFreeHost(pinned));
  CU(cuModuleUnload(gmod));
  free(plain), free(fat);
  CU(cuCtxDestroy(ctx));
  return drv_finish();
}
