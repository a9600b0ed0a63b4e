// Two contexts on one device: cuCtxCreate twice, the context stack (push/pop/current),
// a module loaded in one context not being usable from the other, and memory of one
// context used from another (with unified addressing, as CUDA has on 64-bit hosts, a
// pointer from either context is valid in both: copies and kernels work).
#include "drvapps.h"

static const char *ptx =
    ".version 7.0\n.target sm_50\n.address_size 64\n"
    ".visible .entry setv(.param .u64 p, .param .u32 v) {\n"
    "  .reg .u64 %rd<4>; .reg .u32 %r<4>;\n"
    "  ld.param.u64 %rd1, [p];\n  ld.param.u32 %r2, [v];\n"
    "  mov.u32 %r1, %tid.x;\n  mul.wide.u32 %rd2, %r1, 4;\n  add.u64 %rd3, %rd1, %rd2;\n"
    "  add.u32 %r2, %r2, %r1;\n  st.global.u32 [%rd3], %r2;\n  ret;\n}\n";

int main(void) {
  CUdevice dev;
  CUcontext a, b, cur;
  CU(cuInit(0));
  CU(cuDeviceGet(&dev, 0));
  int unified = 0;
  CU(cuDeviceGetAttribute(&unified, CU_DEVICE_ATTRIBUTE_UNIFIED_ADDRESSING, dev));
  EXPECT(unified == 1);
  CU(cuCtxCreate(&a, NULL, 0, dev));
  CU(cuCtxCreate(&b, NULL, 0, dev)); // b is current, a below it
  EXPECT(a != b);
  CU(cuCtxGetCurrent(&cur));
  EXPECT(cur == b);
  CUmodule mb;
  CUfunction fb;
  CU(cuModuleLoadData(&mb, ptx));
  CU(cuModuleGetFunction(&fb, mb, "setv"));
  CUdeviceptr db;
  CU(cuMemAlloc(&db, 128));

  CU(cuCtxPopCurrent(&cur));
  EXPECT(cur == b);
  CU(cuCtxGetCurrent(&cur));
  EXPECT(cur == a);
  CUdeviceptr da;
  CU(cuMemAlloc(&da, 128));
  CUmodule ma;
  CUfunction fa;
  CU(cuModuleLoadData(&ma, ptx));
  CU(cuModuleGetFunction(&fa, ma, "setv"));
  // Context a runs its kernel on b's memory (unified addressing).
  unsigned v = 1000;
  void *args[] = {&db, &v};
  CU(cuLaunchKernel(fa, 1, 1, 1, 32, 1, 1, 0, NULL, args, NULL));
  CU(cuCtxSynchronize());
  int h[32];
  CU(cuMemcpyDtoH(h, db, 128));
  for (int i = 0; i < 32; i++) EXPECT(h[i] == 1000 + i);
  // cuMemcpy between the two contexts' allocations.
  CU(cuMemcpy(da, db, 128));
  memset(h, 0, sizeof h);
  CU(cuMemcpyDtoH(h, da, 128));
  EXPECT(h[31] == 1031);
  CUcontext owner = NULL;
  CU(cuPointerGetAttribute(&owner, CU_POINTER_ATTRIBUTE_CONTEXT, db));
  EXPECT(owner == b);
  CU(cuPointerGetAttribute(&owner, CU_POINTER_ATTRIBUTE_CONTEXT, da));
  EXPECT(owner == a);

  // Push b over a, run b's kernel on a's memory, pop back.
  CU(cuCtxPushCurrent(b));
  CU(cuCtxGetCurrent(&cur));
  EXPECT(cur == b);
  v = 7;
  void *args2[] = {&da, &v};
  CU(cuLaunchKernel(fb, 1, 1, 1, 32, 1, 1, 0, NULL, args2, NULL));
  CU(cuCtxSynchronize());
  CU(cuMemcpyDtoH(h, da, 128));
  EXPECT(h[5] == 12);
  CU(cuCtxPopCurrent(&cur));
  EXPECT(cur == b);
  CU(cuCtxGetCurrent(&cur));
  EXPECT(cur == a);

  // Destroying b frees its memory and module; a keeps working.
  CU(cuCtxDestroy(b));
  EXPECT_RES(cuMemFree(db), CUDA_ERROR_INVALID_VALUE);
  v = 1;
  void *args3[] = {&da, &v};
  EXPECT_RES(cuLaunchKernel(fb, 1, 1, 1, 32, 1, 1, 0, NULL, args3, NULL), CUDA_ERROR_INVALID_HANDLE);
  CU(cuLaunchKernel(fa, 1, 1, 1, 32, 1, 1, 0, NULL, args3, NULL));
  CU(cuMemcpyDtoH(h, da, 128));
  EXPECT(h[0] == 1);
  EXPECT_RES(cuCtxPushCurrent(b), CUDA_ERROR_INVALID_CONTEXT);
  CU(cuMemFree(da));
  CU(cuCtxDestroy(a));
  // No context left: calls needing one say so.
  CUdeviceptr dz;
  EXPECT_RES(cuMemAlloc(&dz, 16), CUDA_ERROR_INVALID_CONTEXT);
  return drv_finish();
}
