// vectorAddMMAP in the CUDA samples' style: the virtual memory management API.
// Physical allocations (cuMemCreate, rounded to cuMemGetAllocationGranularity) are mapped
// back to back into one reserved VA range (cuMemAddressReserve + cuMemMap), made
// accessible with cuMemSetAccess, used by a kernel as one array, then unmapped, released
// and freed. Also the device queries that sample makes (name, total memory, peer access,
// the VMM support attribute) and the errors of mapping without access rights.
// GEN: k.ptx: -ptx -arch=compute_80 kernels/drv_kernels.cu
#include "drvapps.h"

int main(void) {
  CUdevice dev;
  CUcontext ctx = drv_setup(&dev);
  char name[256];
  size_t total = 0;
  int vmm = 0, count = 0;
  CU(cuDeviceGetName(name, sizeof name, dev));
  CU(cuDeviceTotalMem(&total, dev));
  CU(cuDeviceGetAttribute(&vmm, CU_DEVICE_ATTRIBUTE_VIRTUAL_MEMORY_MANAGEMENT_SUPPORTED, dev));
  CU(cuDeviceGetCount(&count));
  printf("device '%s', %zu MiB, VMM %d, %d device(s)\n", name, total >> 20, vmm, count);
  EXPECT(strlen(name) > 0 && total > 0 && vmm == 1);
  for (int peer = 0; peer < count; peer++) {
    int can = -1;
    CUdevice pd;
    CU(cuDeviceGet(&pd, peer));
    CU(cuDeviceCanAccessPeer(&can, dev, pd));
    EXPECT(can == 0 || can == 1);
  }

  CUmemAllocationProp prop = {0};
  prop.type = CU_MEM_ALLOCATION_TYPE_PINNED;
  prop.location.type = CU_MEM_LOCATION_TYPE_DEVICE;
  prop.location.id = dev;
  size_t gran = 0;
  CU(cuMemGetAllocationGranularity(&gran, &prop, CU_MEM_ALLOC_GRANULARITY_MINIMUM));
  EXPECT(gran > 0 && (gran & (gran - 1)) == 0);

  int n = 300000;
  size_t bytes = (size_t)n * sizeof(float);
  size_t chunk = ((bytes / 2 + gran - 1) / gran) * gran; // two physical chunks per array
  size_t span = 2 * chunk;
  CUdeviceptr va[3];
  CUmemGenericAllocationHandle h[3][2];
  CUmemAccessDesc access = {{CU_MEM_LOCATION_TYPE_DEVICE, dev}, CU_MEM_ACCESS_FLAGS_PROT_READWRITE};
  for (int a = 0; a < 3; a++) {
    CU(cuMemAddressReserve(&va[a], span, 0, 0, 0));
    EXPECT(va[a] % gran == 0);
    for (int c = 0; c < 2; c++) {
      CU(cuMemCreate(&h[a][c], chunk, &prop, 0));
      CU(cuMemMap(va[a] + c * chunk, chunk, 0, h[a][c], 0));
    }
    CU(cuMemSetAccess(va[a], span, &access, 1));
  }
  float *A = malloc(bytes), *B = malloc(bytes), *C = malloc(bytes);
  for (int i = 0; i < n; i++) A[i] = i * 0.25f, B[i] = 1000 - i;
  CU(cuMemcpyHtoD(va[0], A, bytes));
  CU(cuMemcpyHtoD(va[1], B, bytes));
  CUmodule mod;
  CUfunction f;
  CU(cuModuleLoad(&mod, drv_path("k.ptx")));
  CU(cuModuleGetFunction(&f, mod, "vecAdd"));
  void *args[] = {&va[0], &va[1], &va[2], &n};
  CU(cuLaunchKernel(f, (n + 255) / 256, 1, 1, 256, 1, 1, 0, NULL, args, NULL));
  CU(cuCtxSynchronize());
  CU(cuMemcpyDtoH(C, va[2], bytes));
  int bad = 0;
  for (int i = 0; i < n; i++) bad += C[i] != A[i] + B[i];
  EXPECT(bad == 0);

  // The allocation's properties come back from its handle.
  CUmemAllocationProp back;
  memset(&back, 0xff, sizeof back);
  CU(cuMemGetAllocationPropertiesFromHandle(&back, h[0][0]));
  EXPECT(back.type == CU_MEM_ALLOCATION_TYPE_PINNED && back.location.id == dev);
  // Access flags read back.
  unsigned long long flags = 0;
  CUmemLocation loc = {CU_MEM_LOCATION_TYPE_DEVICE, dev};
  CU(cuMemGetAccess(&flags, &loc, va[2]));
  EXPECT(flags == CU_MEM_ACCESS_FLAGS_PROT_READWRITE);
  // A size that is not a multiple of the granularity is refused.
  CUmemGenericAllocationHandle odd;
  EXPECT_RES(cuMemCreate(&odd, gran + 1, &prop, 0), CUDA_ERROR_INVALID_VALUE);

  for (int a = 0; a < 3; a++) {
    CU(cuMemUnmap(va[a], span));
    for (int c = 0; c < 2; c++) CU(cuMemRelease(h[a][c]));
    CU(cuMemAddressFree(va[a], span));
  }
  EXPECT_RES(cuMemRelease(h[0][0]), CUDA_ERROR_INVALID_VALUE);
  CU(cuModuleUnload(mod));
  CU(cuCtxDestroy(ctx));
  free(A), free(B), free(C);
  return drv_finish();
}
