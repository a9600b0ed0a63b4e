/* driver: the unsuffixed names old programs link against (before CUDA 3.2 / 4.0 / 11
 * added _v2 forms). cuda.h maps these names to the new ones, so they are defined here with
 * the macros removed. Those with the same signature forward to the new function; those
 * whose 32-bit size arguments differ are adapted; those with 32-bit device pointers are
 * in stubs.c (unsupported: our device addresses do not fit). */
#include "driver_internal.h"

#undef cuCtxCreate
#undef cuCtxDestroy
#undef cuCtxPopCurrent
#undef cuCtxPushCurrent
#undef cuStreamDestroy
#undef cuEventDestroy
#undef cuEventElapsedTime
#undef cuDevicePrimaryCtxRelease
#undef cuDevicePrimaryCtxReset
#undef cuDevicePrimaryCtxSetFlags
#undef cuDeviceGetUuid
#undef cuDeviceTotalMem
#undef cuMemGetInfo
#undef cuMemAllocHost
#undef cuMemHostRegister
#undef cuGetProcAddress
#undef cuLinkCreate
#undef cuLinkAddData
#undef cuLinkAddFile

CU_API CUresult CUDAAPI cuCtxCreate(CUcontext *pctx, unsigned int flags, CUdevice dev);
CU_API CUresult CUDAAPI cuCtxDestroy(CUcontext ctx);
CU_API CUresult CUDAAPI cuCtxPopCurrent(CUcontext *pctx);
CU_API CUresult CUDAAPI cuCtxPushCurrent(CUcontext ctx);
CU_API CUresult CUDAAPI cuStreamDestroy(CUstream hStream);
CU_API CUresult CUDAAPI cuEventDestroy(CUevent hEvent);
CU_API CUresult CUDAAPI cuEventElapsedTime(float *pMilliseconds, CUevent hStart, CUevent hEnd);
CU_API CUresult CUDAAPI cuDevicePrimaryCtxRelease(CUdevice dev);
CU_API CUresult CUDAAPI cuDevicePrimaryCtxReset(CUdevice dev);
CU_API CUresult CUDAAPI cuDevicePrimaryCtxSetFlags(CUdevice dev, unsigned int flags);
CU_API CUresult CUDAAPI cuDeviceGetUuid(CUuuid *uuid, CUdevice dev);
CU_API CUresult CUDAAPI cuDeviceTotalMem(unsigned int *bytes, CUdevice dev);
CU_API CUresult CUDAAPI cuMemGetInfo(unsigned int *free_bytes, unsigned int *total);
CU_API CUresult CUDAAPI cuMemAllocHost(void **pp, unsigned int bytesize);
CU_API CUresult CUDAAPI cuMemHostRegister(void *p, size_t bytesize, unsigned int Flags);
CU_API CUresult CUDAAPI cuGetProcAddress(const char *symbol, void **pfn, int cudaVersion,
                                        cuuint64_t flags);
CU_API CUresult CUDAAPI cuLinkCreate(unsigned int numOptions, CUjit_option *options, void **optionValues,
                                    CUlinkState *stateOut);
CU_API CUresult CUDAAPI cuLinkAddData(CUlinkState state, CUjitInputType type, void *data, size_t size,
                                     const char *name, unsigned int numOptions, CUjit_option *options,
                                     void **optionValues);
CU_API CUresult CUDAAPI cuLinkAddFile(CUlinkState state, CUjitInputType type, const char *path,
                                     unsigned int numOptions, CUjit_option *options, void **optionValues);

CUresult CUDAAPI cuCtxCreate(CUcontext *pctx, unsigned int flags, CUdevice dev) {
  return cuCtxCreate_v2(pctx, flags, dev);
}
CUresult CUDAAPI cuCtxDestroy(CUcontext ctx) { return cuCtxDestroy_v2(ctx); }
CUresult CUDAAPI cuCtxPopCurrent(CUcontext *pctx) { return cuCtxPopCurrent_v2(pctx); }
CUresult CUDAAPI cuCtxPushCurrent(CUcontext ctx) { return cuCtxPushCurrent_v2(ctx); }
CUresult CUDAAPI cuStreamDestroy(CUstream hStream) { return cuStreamDestroy_v2(hStream); }
CUresult CUDAAPI cuEventDestroy(CUevent hEvent) { return cuEventDestroy_v2(hEvent); }
CUresult CUDAAPI cuEventElapsedTime(float *pMilliseconds, CUevent hStart, CUevent hEnd) {
  return cuEventElapsedTime_v2(pMilliseconds, hStart, hEnd);
}
CUresult CUDAAPI cuDevicePrimaryCtxRelease(CUdevice dev) { return cuDevicePrimaryCtxRelease_v2(dev); }
CUresult CUDAAPI cuDevicePrimaryCtxReset(CUdevice dev) { return cuDevicePrimaryCtxReset_v2(dev); }
CUresult CUDAAPI cuDevicePrimaryCtxSetFlags(CUdevice dev, unsigned int flags) {
  return cuDevicePrimaryCtxSetFlags_v2(dev, flags);
}
CUresult CUDAAPI cuDeviceGetUuid(CUuuid *uuid, CUdevice dev) { return cuDeviceGetUuid_v2(uuid, dev); }

/* 32-bit sizes: saturate rather than wrap, so an old program sees "at least 4 GiB". */
CUresult CUDAAPI cuDeviceTotalMem(unsigned int *bytes, CUdevice dev) {
  size_t total;
  if (!bytes) return CUDA_ERROR_INVALID_VALUE;
  CUresult r = cuDeviceTotalMem_v2(&total, dev);
  if (r == CUDA_SUCCESS) *bytes = total > UINT32_MAX ? UINT32_MAX : (unsigned)total;
  return r;
}

CUresult CUDAAPI cuMemGetInfo(unsigned int *free_bytes, unsigned int *total) {
  size_t f, t;
  if (!free_bytes || !total) return CUDA_ERROR_INVALID_VALUE;
  CUresult r = cuMemGetInfo_v2(&f, &t);
  if (r == CUDA_SUCCESS) {
    *free_bytes = f > UINT32_MAX ? UINT32_MAX : (unsigned)f;
    *total = t > UINT32_MAX ? UINT32_MAX : (unsigned)t;
  }
  return r;
}

CUresult CUDAAPI cuMemAllocHost(void **pp, unsigned int bytesize) { return cuMemAllocHost_v2(pp, bytesize); }

CUresult CUDAAPI cuMemHostRegister(void *p, size_t bytesize, unsigned int Flags) {
  return cuMemHostRegister_v2(p, bytesize, Flags);
}

CUresult CUDAAPI cuGetProcAddress(const char *symbol, void **pfn, int cudaVersion, cuuint64_t flags) {
  return cuGetProcAddress_v2(symbol, pfn, cudaVersion, flags, NULL);
}

CUresult CUDAAPI cuLinkCreate(unsigned int numOptions, CUjit_option *options, void **optionValues,
                              CUlinkState *stateOut) {
  return cuLinkCreate_v2(numOptions, options, optionValues, stateOut);
}
CUresult CUDAAPI cuLinkAddData(CUlinkState state, CUjitInputType type, void *data, size_t size, const char *name,
                               unsigned int numOptions, CUjit_option *options, void **optionValues) {
  return cuLinkAddData_v2(state, type, data, size, name, numOptions, options, optionValues);
}
CUresult CUDAAPI cuLinkAddFile(CUlinkState state, CUjitInputType type, const char *path, unsigned int numOptions,
                               CUjit_option *options, void **optionValues) {
  return cuLinkAddFile_v2(state, type, path, numOptions, options, optionValues);
}
