/* Driver API: allocations, copies, memsets, address ranges, pointer attributes and the
 * errors CUDA gives for pointers that are not device memory. */
#include <cuda.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"

static CUcontext make_context(void) {
  CUcontext ctx = NULL;
  cuInit(0);
  CHECK_EQ_INT(cuCtxCreate(&ctx, NULL, 0, 0), CUDA_SUCCESS);
  return ctx;
}

TEST(memory_alloc_copy_set) {
  CUcontext ctx = make_context();
  CUdeviceptr d = 0, e = 0;
  CHECK_EQ_INT(cuMemAlloc(&d, 1000), CUDA_SUCCESS);
  CHECK(d != 0 && d % 256 == 0);
  CHECK_EQ_INT(cuMemAlloc(&e, 1000), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemAlloc(&e, 0), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuMemAlloc(&e, (size_t)1 << 62), CUDA_ERROR_OUT_OF_MEMORY);
  // Just over the device's total memory fails as on a GPU (not overcommitted by the host).
  size_t total = 0;
  CHECK_EQ_INT(cuDeviceTotalMem(&total, 0), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemAlloc(&e, total + 1), CUDA_ERROR_OUT_OF_MEMORY);
  void *h = NULL;
  CHECK_EQ_INT(cuMemAllocHost(&h, total + 1), CUDA_ERROR_OUT_OF_MEMORY);
  CHECK_EQ_INT(cuMemAlloc(&e, 1000), CUDA_SUCCESS);

  uint32_t host[250], back[250];
  for (int i = 0; i < 250; i++) host[i] = 0x1000u + (uint32_t)i;
  CHECK_EQ_INT(cuMemcpyHtoD(d, host, sizeof host), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemcpyDtoD(e, d, sizeof host), CUDA_SUCCESS);
  memset(back, 0, sizeof back);
  CHECK_EQ_INT(cuMemcpyDtoH(back, e, sizeof back), CUDA_SUCCESS);
  CHECK(memcmp(host, back, sizeof host) == 0);

  CHECK_EQ_INT(cuMemsetD32(d, 0xdeadbeefu, 250), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemcpyDtoH(back, d, sizeof back), CUDA_SUCCESS);
  CHECK_EQ_INT(back[0], 0xdeadbeefu);
  CHECK_EQ_INT(back[249], 0xdeadbeefu);
  CHECK_EQ_INT(cuMemsetD16(d, 0x1234, 500), CUDA_SUCCESS);
  uint16_t h16[2];
  CHECK_EQ_INT(cuMemcpyDtoH(h16, d + 998, 2), CUDA_SUCCESS);
  CHECK_EQ_INT(h16[0], 0x1234);
  CHECK_EQ_INT(cuMemsetD8(d + 1, 0xab, 3), CUDA_SUCCESS);
  uint8_t h8[5];
  CHECK_EQ_INT(cuMemcpyDtoH(h8, d, 5), CUDA_SUCCESS);
  CHECK_EQ_INT(h8[0], 0x34);
  CHECK_EQ_INT(h8[1], 0xab);
  CHECK_EQ_INT(h8[3], 0xab);
  CHECK_EQ_INT(h8[4], 0x34);
  CHECK_EQ_INT(cuMemsetD32(d + 2, 0, 1), CUDA_ERROR_INVALID_VALUE); /* misaligned */
  CHECK_EQ_INT(cuMemsetD8Async(d, 7, 16, NULL), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemcpyDtoHAsync(h8, d, 1, NULL), CUDA_SUCCESS);
  CHECK_EQ_INT(h8[0], 7);
  /* Unified addressing: cuMemcpy takes any pointers. */
  CHECK_EQ_INT(cuMemcpy((CUdeviceptr)(uintptr_t)back, d, 16), CUDA_SUCCESS);

  CHECK_EQ_INT(cuMemFree(d), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemFree(e), CUDA_SUCCESS);
  CHECK_EQ_INT(cuCtxDestroy(ctx), CUDA_SUCCESS);
}

TEST(memory_invalid_pointers) {
  CUcontext ctx = make_context();
  CUdeviceptr d = 0;
  CHECK_EQ_INT(cuMemAlloc(&d, 64), CUDA_SUCCESS);
  uint8_t host[128];
  CUdeviceptr h = (CUdeviceptr)(uintptr_t)host;
  /* Host memory where device memory belongs, and ranges past the allocation's end. */
  CHECK_EQ_INT(cuMemcpyHtoD(h, host, 16), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuMemcpyDtoH(host, h, 16), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuMemcpyHtoD(d, host, 65), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuMemcpyDtoH(host, d + 60, 8), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuMemsetD8(h, 0, 4), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuMemcpyHtoD(d, host, 0), CUDA_SUCCESS); /* nothing to copy */
  CHECK_EQ_INT(cuMemFree(d + 8), CUDA_ERROR_INVALID_VALUE); /* not the base */
  CHECK_EQ_INT(cuMemFree(h), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuMemFree(d), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemFree(d), CUDA_ERROR_INVALID_VALUE); /* double free */
  CHECK_EQ_INT(cuMemcpyHtoD(d, host, 4), CUDA_ERROR_INVALID_VALUE); /* use after free */
  CHECK_EQ_INT(cuCtxDestroy(ctx), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemAlloc(&d, 64), CUDA_ERROR_INVALID_CONTEXT); /* no context */
}

TEST(memory_ranges_and_attributes) {
  CUcontext ctx = make_context();
  CUdeviceptr d = 0, base = 0;
  size_t size = 0;
  CHECK_EQ_INT(cuMemAlloc(&d, 1000), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemGetAddressRange(&base, &size, d + 999), CUDA_SUCCESS);
  CHECK(base == d);
  CHECK_EQ_INT(size, 1000);
  CHECK_EQ_INT(cuMemGetAddressRange(&base, &size, d + 1000 + 4096), CUDA_ERROR_NOT_FOUND);
  unsigned type = 0;
  CHECK_EQ_INT(cuPointerGetAttribute(&type, CU_POINTER_ATTRIBUTE_MEMORY_TYPE, d + 5), CUDA_SUCCESS);
  CHECK_EQ_INT(type, CU_MEMORYTYPE_DEVICE);
  CUcontext owner = NULL;
  CHECK_EQ_INT(cuPointerGetAttribute(&owner, CU_POINTER_ATTRIBUTE_CONTEXT, d), CUDA_SUCCESS);
  CHECK(owner == ctx);
  int ordinal = -1;
  CHECK_EQ_INT(cuPointerGetAttribute(&ordinal, CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL, d), CUDA_SUCCESS);
  CHECK_EQ_INT(ordinal, 0);
  int stack_var;
  CHECK_EQ_INT(cuPointerGetAttribute(&type, CU_POINTER_ATTRIBUTE_MEMORY_TYPE,
                                     (CUdeviceptr)(uintptr_t)&stack_var),
               CUDA_ERROR_INVALID_VALUE);

  void *pinned = NULL;
  CHECK_EQ_INT(cuMemHostAlloc(&pinned, 4096, CU_MEMHOSTALLOC_DEVICEMAP), CUDA_SUCCESS);
  CHECK(pinned != NULL);
  CUdeviceptr mapped = 0;
  CHECK_EQ_INT(cuMemHostGetDevicePointer(&mapped, pinned, 0), CUDA_SUCCESS);
  CHECK(mapped == (CUdeviceptr)(uintptr_t)pinned);
  CHECK_EQ_INT(cuPointerGetAttribute(&type, CU_POINTER_ATTRIBUTE_MEMORY_TYPE, mapped), CUDA_SUCCESS);
  CHECK_EQ_INT(type, CU_MEMORYTYPE_HOST);
  CHECK_EQ_INT(cuMemHostGetDevicePointer(&mapped, &stack_var, 0), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuMemFree((CUdeviceptr)(uintptr_t)pinned), CUDA_ERROR_INVALID_VALUE); /* wrong free */
  CHECK_EQ_INT(cuMemFreeHost(pinned), CUDA_SUCCESS);

  CUdeviceptr m = 0;
  int managed = 0;
  CHECK_EQ_INT(cuMemAllocManaged(&m, 256, CU_MEM_ATTACH_GLOBAL), CUDA_SUCCESS);
  ((volatile char *)(uintptr_t)m)[255] = 1; /* the host may touch managed memory */
  CHECK_EQ_INT(cuPointerGetAttribute(&managed, CU_POINTER_ATTRIBUTE_IS_MANAGED, m), CUDA_SUCCESS);
  CHECK_EQ_INT(managed, 1);
  CHECK_EQ_INT(cuMemFree(m), CUDA_SUCCESS);

  size_t free_b = 0, total = 0;
  CHECK_EQ_INT(cuMemGetInfo(&free_b, &total), CUDA_SUCCESS);
  CHECK(total > 0 && free_b <= total);
  /* Destroying the context frees what it allocated. */
  CHECK_EQ_INT(cuCtxDestroy(ctx), CUDA_SUCCESS);
  ctx = make_context();
  CHECK_EQ_INT(cuMemGetAddressRange(&base, &size, d), CUDA_ERROR_NOT_FOUND);
  CHECK_EQ_INT(cuCtxDestroy(ctx), CUDA_SUCCESS);
}

TEST(streams_and_events) {
  CUcontext ctx = make_context();
  CUstream s = NULL;
  CUevent a = NULL, b = NULL;
  CHECK_EQ_INT(cuStreamCreate(&s, CU_STREAM_NON_BLOCKING), CUDA_SUCCESS);
  unsigned flags = 0;
  CHECK_EQ_INT(cuStreamGetFlags(s, &flags), CUDA_SUCCESS);
  CHECK_EQ_INT(flags, CU_STREAM_NON_BLOCKING);
  CHECK_EQ_INT(cuEventCreate(&a, 0), CUDA_SUCCESS);
  CHECK_EQ_INT(cuEventCreate(&b, 0), CUDA_SUCCESS);
  float ms = -1;
  CHECK_EQ_INT(cuEventElapsedTime(&ms, a, b), CUDA_ERROR_INVALID_HANDLE); /* not recorded */
  CHECK_EQ_INT(cuEventRecord(a, s), CUDA_SUCCESS);
  CHECK_EQ_INT(cuEventRecord(b, s), CUDA_SUCCESS);
  CHECK_EQ_INT(cuEventSynchronize(b), CUDA_SUCCESS);
  CHECK_EQ_INT(cuEventQuery(b), CUDA_SUCCESS);
  CHECK_EQ_INT(cuEventElapsedTime(&ms, a, b), CUDA_SUCCESS);
  CHECK(ms >= 0 && ms < 1000);
  CHECK_EQ_INT(cuStreamQuery(s), CUDA_SUCCESS);
  CHECK_EQ_INT(cuStreamSynchronize(s), CUDA_SUCCESS);
  CHECK_EQ_INT(cuStreamSynchronize(CU_STREAM_LEGACY), CUDA_SUCCESS);
  CHECK_EQ_INT(cuStreamDestroy(s), CUDA_SUCCESS);
  CHECK_EQ_INT(cuStreamSynchronize(s), CUDA_ERROR_INVALID_HANDLE);
  CHECK_EQ_INT(cuStreamDestroy(s), CUDA_ERROR_INVALID_HANDLE);
  CHECK_EQ_INT(cuEventDestroy(a), CUDA_SUCCESS);
  CHECK_EQ_INT(cuEventDestroy(a), CUDA_ERROR_INVALID_HANDLE);
  CHECK_EQ_INT(cuEventDestroy(b), CUDA_SUCCESS);
  CHECK_EQ_INT(cuCtxDestroy(ctx), CUDA_SUCCESS);
}

TEST(memory_virtual_management) {
  CUcontext ctx = make_context();
  CUmemAllocationProp prop;
  memset(&prop, 0, sizeof prop);
  prop.type = CU_MEM_ALLOCATION_TYPE_PINNED;
  prop.location.type = CU_MEM_LOCATION_TYPE_DEVICE;
  prop.location.id = 0;
  prop.requestedHandleTypes = CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR;
  size_t gran = 0;
  CHECK_EQ_INT(cuMemGetAllocationGranularity(&gran, &prop, CU_MEM_ALLOC_GRANULARITY_MINIMUM), CUDA_SUCCESS);
  CHECK(gran > 0);
  CUdeviceptr va = 0;
  CHECK_EQ_INT(cuMemAddressReserve(&va, 2 * gran, 0, 0, 0), CUDA_SUCCESS);
  CHECK(va != 0 && va % gran == 0);
  CUmemGenericAllocationHandle h = 0;
  CHECK_EQ_INT(cuMemCreate(&h, gran, &prop, 0), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemCreate(&h, gran + 1, &prop, 0), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuMemMap(va, gran, 0, h, 0), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemMap(va, gran, 0, h, 0), CUDA_ERROR_INVALID_VALUE); /* already mapped */
  /* The same memory at a second address of the reservation. */
  CHECK_EQ_INT(cuMemMap(va + gran, gran, 0, h, 0), CUDA_SUCCESS);
  CUmemAccessDesc acc;
  memset(&acc, 0, sizeof acc);
  acc.location = prop.location;
  acc.flags = CU_MEM_ACCESS_FLAGS_PROT_READWRITE;
  CHECK_EQ_INT(cuMemSetAccess(va, 2 * gran, &acc, 1), CUDA_SUCCESS);
  uint32_t in[4] = {1, 2, 3, 4}, out[4] = {0};
  CHECK_EQ_INT(cuMemcpyHtoD(va + 64, in, sizeof in), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemcpyDtoH(out, va + gran + 64, sizeof out), CUDA_SUCCESS);
  CHECK(memcmp(in, out, sizeof in) == 0);
  CHECK_EQ_INT(cuMemsetD32(va + gran, 9, 4), CUDA_SUCCESS);
  CHECK_EQ_INT(((uint32_t *)(uintptr_t)va)[3], 9);
  CUdeviceptr base = 0;
  size_t size = 0;
  CHECK_EQ_INT(cuMemGetAddressRange(&base, &size, va + gran + 5), CUDA_SUCCESS);
  CHECK(base == va + gran && size == gran);
  CHECK_EQ_INT(cuMemFree(va), CUDA_ERROR_INVALID_VALUE); /* not cuMemAlloc memory */
  /* Exported as a file descriptor and imported again: the same bytes. */
  int fd = -1;
  CHECK_EQ_INT(cuMemExportToShareableHandle(&fd, h, CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR, 0), CUDA_SUCCESS);
  CHECK(fd >= 0);
  CUmemGenericAllocationHandle h2 = 0;
  CHECK_EQ_INT(cuMemImportFromShareableHandle(&h2, (void *)(intptr_t)fd, CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR),
               CUDA_SUCCESS);
  CUdeviceptr vb = 0;
  CHECK_EQ_INT(cuMemAddressReserve(&vb, gran, 0, 0, 0), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemMap(vb, gran, 0, h2, 0), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemSetAccess(vb, gran, &acc, 1), CUDA_SUCCESS);
  CHECK_EQ_INT(((uint32_t *)(uintptr_t)vb)[16], 1);
  CHECK_EQ_INT(cuMemUnmap(vb, gran), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemRelease(h2), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemAddressFree(vb, gran), CUDA_SUCCESS);
  close(fd);
  /* Release while mapped keeps the memory until it is unmapped. */
  CHECK_EQ_INT(cuMemRelease(h), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemRelease(h), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(((uint32_t *)(uintptr_t)(va + gran))[16], 1);
  CHECK_EQ_INT(cuMemUnmap(va, gran), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemUnmap(va, gran), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuMemcpyHtoD(va, in, 4), CUDA_ERROR_INVALID_VALUE); /* unmapped */
  CHECK_EQ_INT(cuMemUnmap(va + gran, gran), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemAddressFree(va, 2 * gran), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemAddressFree(va, 2 * gran), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuCtxDestroy(ctx), CUDA_SUCCESS);
}
