// vectorAddDrv in the CUDA samples' style: the same kernel loaded three ways (PTX file
// through cuModuleLoad, a fatbin with PTX through cuModuleLoadData, a fatbin holding only
// SASS and a bare cubin, which a CPU device cannot run and must refuse cleanly).
// GEN: vadd.ptx: -ptx -arch=compute_80 kernels/drv_kernels.cu
// GEN: vadd.fatbin: -fatbin -gencode arch=compute_80,code=[compute_80,sm_80] kernels/drv_kernels.cu
// GEN: vadd_sass.fatbin: -fatbin -gencode arch=compute_80,code=sm_80 kernels/drv_kernels.cu
// GEN: vadd.cubin: -cubin -arch=sm_80 kernels/drv_kernels.cu
#include "drvapps.h"

static int run_vadd(CUmodule mod, int n) {
  CUfunction f;
  CU(cuModuleGetFunction(&f, mod, "vecAdd"));
  size_t bytes = n * sizeof(float);
  float *a = malloc(bytes), *b = malloc(bytes), *c = malloc(bytes);
  for (int i = 0; i < n; i++) {
    a[i] = (float)i * 0.5f;
    b[i] = (float)(n - i);
    c[i] = -1;
  }
  CUdeviceptr da, db, dc;
  CU(cuMemAlloc(&da, bytes));
  CU(cuMemAlloc(&db, bytes));
  CU(cuMemAlloc(&dc, bytes));
  CU(cuMemcpyHtoD(da, a, bytes));
  CU(cuMemcpyHtoD(db, b, bytes));
  void *args[] = {&da, &db, &dc, &n};
  int threads = 256, blocks = (n + threads - 1) / threads;
  CU(cuLaunchKernel(f, blocks, 1, 1, threads, 1, 1, 0, NULL, args, NULL));
  CU(cuCtxSynchronize());
  CU(cuMemcpyDtoH(c, dc, bytes));
  int bad = 0;
  for (int i = 0; i < n; i++)
    if (c[i] != a[i] + b[i]) bad++;
  CU(cuMemFree(da));
  CU(cuMemFree(db));
  CU(cuMemFree(dc));
  free(a), free(b), free(c);
  return bad;
}

int main(void) {
  CUcontext ctx = drv_setup(NULL);
  CUmodule m;

  CU(cuModuleLoad(&m, drv_path("vadd.ptx")));
  EXPECT(run_vadd(m, 50000) == 0);
  CU(cuModuleUnload(m));

  size_t size;
  void *fat = drv_read_file(drv_path("vadd.fatbin"), &size);
  CU(cuModuleLoadData(&m, fat));
  EXPECT(run_vadd(m, 1000) == 0);
  CU(cuModuleUnload(m));
  CU(cuModuleLoadFatBinary(&m, fat));
  EXPECT(run_vadd(m, 33) == 0);
  CU(cuModuleUnload(m));

  // SASS only: nothing this device can run.
  void *sass = drv_read_file(drv_path("vadd_sass.fatbin"), NULL);
  m = NULL;
  EXPECT_RES(cuModuleLoadData(&m, sass), CUDA_ERROR_NO_BINARY_FOR_GPU);
  void *cubin = drv_read_file(drv_path("vadd.cubin"), NULL);
  CUresult r = cuModuleLoadData(&m, cubin);
  EXPECT(r == CUDA_ERROR_NO_BINARY_FOR_GPU || r == CUDA_ERROR_INVALID_IMAGE ||
         r == CUDA_ERROR_NOT_SUPPORTED);
  EXPECT_RES(cuModuleLoad(&m, drv_path("vadd.cubin")), r);
  EXPECT_RES(cuModuleLoad(&m, drv_path("does-not-exist.ptx")), CUDA_ERROR_FILE_NOT_FOUND);
  // The context is still usable after the refusals.
  CU(cuModuleLoad(&m, drv_path("vadd.ptx")));
  EXPECT(run_vadd(m, 77) == 0);
  CU(cuModuleUnload(m));
  free(fat), free(sass), free(cubin);
  CU(cuCtxDestroy(ctx));
  return drv_finish();
}
