// memMapIPCDrv's core: an allocation made with cuMemCreate and a POSIX file-descriptor
// handle type is exported (cuMemExportToShareableHandle), imported again
// (cuMemImportFromShareableHandle) and mapped at a second address: both mappings show the
// same memory, to copies and to a kernel. Then everything is released in the documented
// order and the fd closed by its owner.
// GEN: k.ptx: -ptx -arch=compute_80 kernels/drv_kernels.cu
#include <unistd.h>
#include "drvapps.h"

int main(void) {
  CUdevice dev;
  CUcontext ctx = drv_setup(&dev);
  int supported = 0;
  CU(cuDeviceGetAttribute(&supported, CU_DEVICE_ATTRIBUTE_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR_SUPPORTED, dev));
  EXPECT(supported == 1);
  CUmemAllocationProp prop = {0};
  prop.type = CU_MEM_ALLOCATION_TYPE_PINNED;
  prop.location.type = CU_MEM_LOCATION_TYPE_DEVICE;
  prop.location.id = dev;
  prop.requestedHandleTypes = CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR;
  size_t gran;
  CU(cuMemGetAllocationGranularity(&gran, &prop, CU_MEM_ALLOC_GRANULARITY_RECOMMENDED));
  size_t size = gran;
  CUmemGenericAllocationHandle h1, h2;
  CU(cuMemCreate(&h1, size, &prop, 0));
  int fd = -1;
  CU(cuMemExportToShareableHandle(&fd, h1, CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR, 0));
  EXPECT(fd >= 0);
  CU(cuMemImportFromShareableHandle(&h2, (void *)(uintptr_t)fd, CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR));

  CUdeviceptr v1, v2;
  CUmemAccessDesc acc = {{CU_MEM_LOCATION_TYPE_DEVICE, dev}, CU_MEM_ACCESS_FLAGS_PROT_READWRITE};
  CU(cuMemAddressReserve(&v1, size, 0, 0, 0));
  CU(cuMemAddressReserve(&v2, size, 0, 0, 0));
  EXPECT(v1 != v2);
  CU(cuMemMap(v1, size, 0, h1, 0));
  CU(cuMemMap(v2, size, 0, h2, 0));
  CU(cuMemSetAccess(v1, size, &acc, 1));
  CU(cuMemSetAccess(v2, size, &acc, 1));

  int n = 1024, host[1024];
  for (int i = 0; i < n; i++) host[i] = i;
  CU(cuMemcpyHtoD(v1, host, sizeof host));
  CUmodule mod;
  CUfunction add1;
  CU(cuModuleLoad(&mod, drv_path("k.ptx")));
  CU(cuModuleGetFunction(&add1, mod, "addOne"));
  void *args[] = {&v2, &n};
  CU(cuLaunchKernel(add1, n / 256, 1, 1, 256, 1, 1, 0, NULL, args, NULL)); // through v2
  CU(cuCtxSynchronize());
  memset(host, 0, sizeof host);
  CU(cuMemcpyDtoH(host, v1, sizeof host)); // seen through v1
  int bad = 0;
  for (int i = 0; i < n; i++) bad += host[i] != i + 1;
  EXPECT(bad == 0);
  // A handle type the allocation was not created with cannot be exported.
  int fd2 = -1;
  CUmemGenericAllocationHandle h3;
  CUmemAllocationProp plain = prop;
  plain.requestedHandleTypes = CU_MEM_HANDLE_TYPE_NONE;
  CU(cuMemCreate(&h3, size, &plain, 0));
  EXPECT(cuMemExportToShareableHandle(&fd2, h3, CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR, 0) != CUDA_SUCCESS);
  CU(cuMemRelease(h3));

  CU(cuMemUnmap(v1, size));
  CU(cuMemUnmap(v2, size));
  CU(cuMemRelease(h1));
  CU(cuMemRelease(h2));
  CU(cuMemAddressFree(v1, size));
  CU(cuMemAddressFree(v2, size));
  close(fd);
  CU(cuModuleUnload(mod));
  CU(cuCtxDestroy(ctx));
  return drv_finish();
}
