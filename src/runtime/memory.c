/* runtime: memory. Allocations, copies and memsets go through the driver (which keeps
 * the allocation map and its checks); symbols are the variables nvcc registered, found
 * by their host shadow's address. */
#include "runtime_internal.h"

#define DEV(p) ((CUdeviceptr)(uintptr_t)(p))

/* Most calls start like this: the context (lazy initialisation) or the error. */
#define RT_CONTEXT()                                                                      \
  do {                                                                                    \
    CUcontext ctx_;                                                                       \
    cudaError_t e_ = rt_context(&ctx_);                                                   \
    if (e_ != cudaSuccess) RT_RETURN(e_);                                                 \
  } while (0)

RT_API cudaError_t CUDARTAPI cudaMalloc(void **devPtr, size_t size) {
  if (!devPtr) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  if (size == 0) { /* CUDA returns success and a null pointer */
    *devPtr = NULL;
    return cudaSuccess;
  }
  CUdeviceptr p = 0;
  CUresult r = cuMemAlloc_v2(&p, size);
  if (r != CUDA_SUCCESS) RT_RETURN(rt_error(r));
  *devPtr = (void *)(uintptr_t)p;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaMallocPitch(void **devPtr, size_t *pitch, size_t width, size_t height) {
  if (!devPtr || !pitch) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  if (!width || !height) {
    *devPtr = NULL;
    *pitch = width;
    return cudaSuccess;
  }
  CUdeviceptr p = 0;
  CUresult r = cuMemAllocPitch_v2(&p, pitch, width, height, 4);
  if (r != CUDA_SUCCESS) RT_RETURN(rt_error(r));
  *devPtr = (void *)(uintptr_t)p;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaMallocManaged(void **devPtr, size_t size, unsigned int flags) {
  if (!devPtr) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  if (size == 0) RT_RETURN(cudaErrorInvalidValue);
  CUdeviceptr p = 0;
  CUresult r = cuMemAllocManaged(&p, size, flags ? flags : CU_MEM_ATTACH_GLOBAL);
  if (r != CUDA_SUCCESS) RT_RETURN(rt_error(r));
  *devPtr = (void *)(uintptr_t)p;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaFree(void *devPtr) {
  RT_CONTEXT();
  if (!devPtr) return cudaSuccess;
  RT_RETURN(rt_error(cuMemFree_v2(DEV(devPtr))));
}

RT_API cudaError_t CUDARTAPI cudaMallocHost(void **ptr, size_t size) {
  if (!ptr) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  if (size == 0) {
    *ptr = NULL;
    return cudaSuccess;
  }
  RT_RETURN(rt_error(cuMemHostAlloc(ptr, size, 0)));
}

RT_API cudaError_t CUDARTAPI cudaHostAlloc(void **pHost, size_t size, unsigned int flags) {
  if (!pHost) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  if (size == 0) {
    *pHost = NULL;
    return cudaSuccess;
  }
  RT_RETURN(rt_error(cuMemHostAlloc(pHost, size, flags)));
}

RT_API cudaError_t CUDARTAPI cudaFreeHost(void *ptr) {
  RT_CONTEXT();
  if (!ptr) return cudaSuccess;
  RT_RETURN(rt_error(cuMemFreeHost(ptr)));
}

RT_API cudaError_t CUDARTAPI cudaHostGetDevicePointer(void **pDevice, void *pHost, unsigned int flags) {
  if (!pDevice) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  CUdeviceptr p = 0;
  CUresult r = cuMemHostGetDevicePointer_v2(&p, pHost, flags);
  if (r != CUDA_SUCCESS) RT_RETURN(rt_error(r));
  *pDevice = (void *)(uintptr_t)p;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaHostGetFlags(unsigned int *pFlags, void *pHost) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuMemHostGetFlags(pFlags, pHost)));
}

RT_API cudaError_t CUDARTAPI cudaHostRegister(void *ptr, size_t size, unsigned int flags) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuMemHostRegister_v2(ptr, size, flags)));
}

RT_API cudaError_t CUDARTAPI cudaHostUnregister(void *ptr) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuMemHostUnregister(ptr)));
}

RT_API cudaError_t CUDARTAPI cudaMemGetInfo(size_t *free_bytes, size_t *total) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuMemGetInfo_v2(free_bytes, total)));
}

cudaError_t rt_copy(void *dst, const void *src, size_t count, enum cudaMemcpyKind kind, cudaStream_t stream) {
  RT_CONTEXT();
  if (kind < cudaMemcpyHostToHost || kind > cudaMemcpyDefault) RT_RETURN(cudaErrorInvalidMemcpyDirection);
  if (rt_capturing(stream)) RT_RETURN(rt_capture_copy(stream, dst, src, count, kind));
  CUstream s = (CUstream)stream;
  CUresult r;
  switch (kind) {
  case cudaMemcpyHostToHost:
    r = cuMemcpyAsync(DEV(dst), DEV(src), count, s);
    break;
  case cudaMemcpyHostToDevice: r = cuMemcpyHtoDAsync_v2(DEV(dst), src, count, s); break;
  case cudaMemcpyDeviceToHost: r = cuMemcpyDtoHAsync_v2(dst, DEV(src), count, s); break;
  case cudaMemcpyDeviceToDevice: r = cuMemcpyDtoDAsync_v2(DEV(dst), DEV(src), count, s); break;
  case cudaMemcpyDefault: r = cuMemcpyAsync(DEV(dst), DEV(src), count, s); break;
  default: RT_RETURN(cudaErrorInvalidMemcpyDirection);
  }
  RT_RETURN(rt_error(r));
}

RT_API cudaError_t CUDARTAPI cudaMemcpy(void *dst, const void *src, size_t count, enum cudaMemcpyKind kind) {
  return rt_copy(dst, src, count, kind, NULL);
}
RT_ALIAS(cudaMemcpy_ptds, cudaMemcpy);

RT_API cudaError_t CUDARTAPI cudaMemcpyAsync(void *dst, const void *src, size_t count,
                                            enum cudaMemcpyKind kind, cudaStream_t stream) {
  return rt_copy(dst, src, count, kind, stream);
}
RT_ALIAS(cudaMemcpyAsync_ptsz, cudaMemcpyAsync);

RT_API cudaError_t CUDARTAPI cudaMemcpyPeer(void *dst, int dstDevice, const void *src, int srcDevice,
                                           size_t count) {
  return rt_copy(dst, src, count, cudaMemcpyDefault, NULL);
}

RT_API cudaError_t CUDARTAPI cudaMemcpyPeerAsync(void *dst, int dstDevice, const void *src, int srcDevice,
                                                size_t count, cudaStream_t stream) {
  return rt_copy(dst, src, count, cudaMemcpyDefault, stream);
}

static cudaError_t copy_2d(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width,
                           size_t height, enum cudaMemcpyKind kind, cudaStream_t stream) {
  if (!height || !width) return cudaSuccess;
  if (dpitch < width || spitch < width) RT_RETURN(cudaErrorInvalidPitchValue);
  for (size_t y = 0; y < height; y++) {
    cudaError_t e = rt_copy((char *)dst + y * dpitch, (const char *)src + y * spitch, width, kind, stream);
    if (e != cudaSuccess) return e;
  }
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaMemcpy2D(void *dst, size_t dpitch, const void *src, size_t spitch,
                                         size_t width, size_t height, enum cudaMemcpyKind kind) {
  return copy_2d(dst, dpitch, src, spitch, width, height, kind, NULL);
}
RT_ALIAS(cudaMemcpy2D_ptds, cudaMemcpy2D);

RT_API cudaError_t CUDARTAPI cudaMemcpy2DAsync(void *dst, size_t dpitch, const void *src, size_t spitch,
                                              size_t width, size_t height, enum cudaMemcpyKind kind,
                                              cudaStream_t stream) {
  return copy_2d(dst, dpitch, src, spitch, width, height, kind, stream);
}
RT_ALIAS(cudaMemcpy2DAsync_ptsz, cudaMemcpy2DAsync);

/* A memset node's work: height rows of width elements of 1, 2 or 4 bytes. */
cudaError_t rt_memset_2d(const struct cudaMemsetParams *p, cudaStream_t stream) {
  RT_CONTEXT();
  if (rt_capturing(stream)) RT_RETURN(rt_capture_memset(stream, p));
  CUdeviceptr d = DEV(p->dst);
  size_t pitch = p->height > 1 ? p->pitch : p->width * p->elementSize;
  CUresult r;
  switch (p->elementSize) {
  case 1: r = cuMemsetD2D8Async(d, pitch, (unsigned char)p->value, p->width, p->height, (CUstream)stream); break;
  case 2: r = cuMemsetD2D16Async(d, pitch, (unsigned short)p->value, p->width, p->height, (CUstream)stream); break;
  case 4: r = cuMemsetD2D32Async(d, pitch, p->value, p->width, p->height, (CUstream)stream); break;
  default: RT_RETURN(cudaErrorInvalidValue);
  }
  RT_RETURN(rt_error(r));
}

RT_API cudaError_t CUDARTAPI cudaMemsetAsync(void *devPtr, int value, size_t count, cudaStream_t stream) {
  struct cudaMemsetParams p = {devPtr, count, (unsigned char)value, 1, count, 1};
  return rt_memset_2d(&p, stream);
}
RT_ALIAS(cudaMemsetAsync_ptsz, cudaMemsetAsync);

RT_API cudaError_t CUDARTAPI cudaMemset(void *devPtr, int value, size_t count) {
  return cudaMemsetAsync(devPtr, value, count, NULL);
}
RT_ALIAS(cudaMemset_ptds, cudaMemset);

RT_API cudaError_t CUDARTAPI cudaMemset2DAsync(void *devPtr, size_t pitch, int value, size_t width,
                                              size_t height, cudaStream_t stream) {
  struct cudaMemsetParams p = {devPtr, pitch, (unsigned char)value, 1, width, height};
  return rt_memset_2d(&p, stream);
}
RT_ALIAS(cudaMemset2DAsync_ptsz, cudaMemset2DAsync);

RT_API cudaError_t CUDARTAPI cudaMemset2D(void *devPtr, size_t pitch, int value, size_t width, size_t height) {
  return cudaMemset2DAsync(devPtr, pitch, value, width, height, NULL);
}
RT_ALIAS(cudaMemset2D_ptds, cudaMemset2D);

/* 3D copies between linear memories (pitched pointers); with CUDA arrays, array.c. */
cudaError_t rt_copy_3d(const struct cudaMemcpy3DParms *p, cudaStream_t stream) {
  if (!p) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  if (rt_capturing(stream)) RT_RETURN(rt_capture_copy_3d(stream, p));
  if (p->srcArray || p->dstArray) RT_RETURN(rt_copy_3d_array(p, stream));
  const struct cudaPitchedPtr *s = &p->srcPtr, *d = &p->dstPtr;
  size_t w = p->extent.width, h = p->extent.height, depth = p->extent.depth;
  if (!w || !h || !depth) return cudaSuccess;
  if (s->pitch < w || d->pitch < w) RT_RETURN(cudaErrorInvalidPitchValue);
  size_t s_slice = s->pitch * (s->ysize ? s->ysize : h), d_slice = d->pitch * (d->ysize ? d->ysize : h);
  for (size_t z = 0; z < depth; z++) {
    for (size_t y = 0; y < h; y++) {
      const char *from = (const char *)s->ptr + (p->srcPos.z + z) * s_slice + (p->srcPos.y + y) * s->pitch + p->srcPos.x;
      char *to = (char *)d->ptr + (p->dstPos.z + z) * d_slice + (p->dstPos.y + y) * d->pitch + p->dstPos.x;
      cudaError_t e = rt_copy(to, from, w, p->kind, stream);
      if (e != cudaSuccess) return e;
    }
  }
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaMemcpy3DAsync(const struct cudaMemcpy3DParms *p, cudaStream_t stream) {
  return rt_copy_3d(p, stream);
}
RT_ALIAS(cudaMemcpy3DAsync_ptsz, cudaMemcpy3DAsync);

RT_API cudaError_t CUDARTAPI cudaMemcpy3D(const struct cudaMemcpy3DParms *p) { return rt_copy_3d(p, NULL); }
RT_ALIAS(cudaMemcpy3D_ptds, cudaMemcpy3D);

/* ---- Symbols. ---- */

static cudaError_t symbol_range(const void *symbol, size_t count, size_t offset, void **addr) {
  RtVar *v = rt_var_find(symbol);
  if (!v) RT_RETURN(cudaErrorInvalidSymbol);
  size_t size = 0;
  void *base = NULL;
  cudaError_t e = rt_var_address(v, &base, &size);
  if (e != cudaSuccess) RT_RETURN(e);
  if (offset > size || count > size - offset) RT_RETURN(cudaErrorInvalidValue);
  *addr = (char *)base + offset;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaMemcpyToSymbolAsync(const void *symbol, const void *src, size_t count,
                                                    size_t offset, enum cudaMemcpyKind kind,
                                                    cudaStream_t stream) {
  if (kind != cudaMemcpyHostToDevice && kind != cudaMemcpyDeviceToDevice && kind != cudaMemcpyDefault)
    RT_RETURN(cudaErrorInvalidMemcpyDirection);
  RT_CONTEXT();
  void *addr = NULL;
  cudaError_t e = symbol_range(symbol, count, offset, &addr);
  if (e != cudaSuccess) return e;
  return rt_copy(addr, src, count, kind == cudaMemcpyDeviceToDevice ? kind : cudaMemcpyDefault, stream);
}
RT_ALIAS(cudaMemcpyToSymbolAsync_ptsz, cudaMemcpyToSymbolAsync);

RT_API cudaError_t CUDARTAPI cudaMemcpyToSymbol(const void *symbol, const void *src, size_t count,
                                               size_t offset, enum cudaMemcpyKind kind) {
  return cudaMemcpyToSymbolAsync(symbol, src, count, offset, kind, NULL);
}
RT_ALIAS(cudaMemcpyToSymbol_ptds, cudaMemcpyToSymbol);

RT_API cudaError_t CUDARTAPI cudaMemcpyFromSymbolAsync(void *dst, const void *symbol, size_t count,
                                                      size_t offset, enum cudaMemcpyKind kind,
                                                      cudaStream_t stream) {
  if (kind != cudaMemcpyDeviceToHost && kind != cudaMemcpyDeviceToDevice && kind != cudaMemcpyDefault)
    RT_RETURN(cudaErrorInvalidMemcpyDirection);
  RT_CONTEXT();
  void *addr = NULL;
  cudaError_t e = symbol_range(symbol, count, offset, &addr);
  if (e != cudaSuccess) return e;
  return rt_copy(dst, addr, count, kind == cudaMemcpyDeviceToDevice ? kind : cudaMemcpyDefault, stream);
}
RT_ALIAS(cudaMemcpyFromSymbolAsync_ptsz, cudaMemcpyFromSymbolAsync);

RT_API cudaError_t CUDARTAPI cudaMemcpyFromSymbol(void *dst, const void *symbol, size_t count,
                                                 size_t offset, enum cudaMemcpyKind kind) {
  return cudaMemcpyFromSymbolAsync(dst, symbol, count, offset, kind, NULL);
}
RT_ALIAS(cudaMemcpyFromSymbol_ptds, cudaMemcpyFromSymbol);

RT_API cudaError_t CUDARTAPI cudaGetSymbolAddress(void **devPtr, const void *symbol) {
  if (!devPtr) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  RtVar *v = rt_var_find(symbol);
  if (!v) RT_RETURN(cudaErrorInvalidSymbol);
  RT_RETURN(rt_var_address(v, devPtr, NULL));
}

RT_API cudaError_t CUDARTAPI cudaGetSymbolSize(size_t *size, const void *symbol) {
  if (!size) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  RtVar *v = rt_var_find(symbol);
  if (!v) RT_RETURN(cudaErrorInvalidSymbol);
  void *addr = NULL;
  RT_RETURN(rt_var_address(v, &addr, size));
}

/* ---- Pointer attributes: unknown pointers are plain host memory ("unregistered"),
 * which CUDA 11+ reports without an error. ---- */
RT_API cudaError_t CUDARTAPI cudaPointerGetAttributes(struct cudaPointerAttributes *attributes,
                                                     const void *ptr) {
  if (!attributes) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  unsigned mem_type = 0;
  int managed = 0, ordinal = -2;
  CUpointer_attribute which[] = {CU_POINTER_ATTRIBUTE_MEMORY_TYPE, CU_POINTER_ATTRIBUTE_IS_MANAGED,
                                 CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL};
  void *data[] = {&mem_type, &managed, &ordinal};
  CUresult r = cuPointerGetAttributes(3, which, data, DEV(ptr));
  if (r != CUDA_SUCCESS) RT_RETURN(rt_error(r));
  memset(attributes, 0, sizeof *attributes);
  attributes->device = ordinal;
  if (managed) {
    attributes->type = cudaMemoryTypeManaged;
    attributes->devicePointer = attributes->hostPointer = (void *)ptr;
  } else if (mem_type == CU_MEMORYTYPE_DEVICE) {
    attributes->type = cudaMemoryTypeDevice;
    attributes->devicePointer = (void *)ptr;
  } else if (mem_type == CU_MEMORYTYPE_HOST) {
    attributes->type = cudaMemoryTypeHost;
    attributes->devicePointer = attributes->hostPointer = (void *)ptr;
  } else {
    attributes->type = cudaMemoryTypeUnregistered;
    attributes->hostPointer = (void *)ptr;
  }
  return cudaSuccess;
}

/* ---- Placement hints and stream-ordered allocation: one memory, synchronous work. ---- */
RT_API cudaError_t CUDARTAPI cudaMemPrefetchAsync(const void *devPtr, size_t count,
                                                 struct cudaMemLocation location, unsigned int flags,
                                                 cudaStream_t stream) {
  RT_CONTEXT();
  CUmemLocation loc = {.type = (CUmemLocationType)location.type, .id = location.id};
  RT_RETURN(rt_error(cuMemPrefetchAsync_v2(DEV(devPtr), count, loc, flags, (CUstream)stream)));
}
RT_ALIAS(cudaMemPrefetchAsync_ptsz, cudaMemPrefetchAsync);

RT_API cudaError_t CUDARTAPI cudaMemAdvise(const void *devPtr, size_t count, enum cudaMemoryAdvise advice,
                                          struct cudaMemLocation location) {
  RT_CONTEXT();
  CUmemLocation loc = {.type = (CUmemLocationType)location.type, .id = location.id};
  RT_RETURN(rt_error(cuMemAdvise_v2(DEV(devPtr), count, (CUmem_advise)advice, loc)));
}

RT_API cudaError_t CUDARTAPI cudaMallocAsync(void **devPtr, size_t size, cudaStream_t hStream) {
  if (!devPtr) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  CUdeviceptr p = 0;
  CUresult r = cuMemAllocAsync(&p, size, (CUstream)hStream);
  if (r != CUDA_SUCCESS) RT_RETURN(rt_error(r));
  *devPtr = (void *)(uintptr_t)p;
  return cudaSuccess;
}
RT_ALIAS(cudaMallocAsync_ptsz, cudaMallocAsync);

RT_API cudaError_t CUDARTAPI cudaFreeAsync(void *devPtr, cudaStream_t hStream) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuMemFreeAsync(DEV(devPtr), (CUstream)hStream)));
}
RT_ALIAS(cudaFreeAsync_ptsz, cudaFreeAsync);

RT_API struct cudaChannelFormatDesc CUDARTAPI cudaCreateChannelDesc(int x, int y, int z, int w,
                                                                   enum cudaChannelFormatKind f) {
  struct cudaChannelFormatDesc d = {x, y, z, w, f};
  return d;
}
