/* driver: memory. Device memory is host memory (one address space, DESIGN.md), recorded
 * in an allocation map so pointer queries, address ranges and the checks CUDA makes on
 * device pointers still work. Copies and memsets run at once, in order. */
#include <sys/mman.h>
#include <unistd.h>

#include "driver_internal.h"

#define DRV_ALLOC_ALIGN 256

static struct {
  pthread_mutex_t lock;
  VEC(DrvAlloc) v; /* sorted by base, non-overlapping */
  uint64_t next_id;
} amap = {.lock = PTHREAD_MUTEX_INITIALIZER, .next_id = 1};

/* Index of the first entry with base > p. */
static size_t amap_upper(uintptr_t p) {
  size_t lo = 0, hi = amap.v.len;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (amap.v.data[mid].base <= p)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

void drv_alloc_register(void *base, size_t size, DrvMemKind kind, CUcontext ctx, unsigned flags) {
  pthread_mutex_lock(&amap.lock);
  size_t at = amap_upper((uintptr_t)base);
  DrvAlloc a = {(uintptr_t)base, size, kind, ctx, flags, amap.next_id++};
  vec_push(&amap.v, a); /* grow, then shift into place */
  memmove(&amap.v.data[at + 1], &amap.v.data[at], (amap.v.len - 1 - at) * sizeof(DrvAlloc));
  amap.v.data[at] = a;
  pthread_mutex_unlock(&amap.lock);
  LOG(LOG_MEM, "register %p + %zu (kind %d)", base, size, (int)kind);
}

/* Removes the entry starting at base; false when there is none. */
static bool amap_remove(uintptr_t base, DrvAlloc *out) {
  pthread_mutex_lock(&amap.lock);
  size_t at = amap_upper(base);
  bool found = at > 0 && amap.v.data[at - 1].base == base;
  if (found) {
    if (out) *out = amap.v.data[at - 1];
    memmove(&amap.v.data[at - 1], &amap.v.data[at], (amap.v.len - at) * sizeof(DrvAlloc));
    amap.v.len--;
  }
  pthread_mutex_unlock(&amap.lock);
  return found;
}

void drv_alloc_unregister(void *base) { amap_remove((uintptr_t)base, NULL); }

bool drv_alloc_lookup(uintptr_t p, size_t len, DrvAlloc *out) {
  pthread_mutex_lock(&amap.lock);
  size_t at = amap_upper(p);
  bool found = false;
  if (at > 0) {
    DrvAlloc *a = &amap.v.data[at - 1];
    /* A zero-sized module variable still owns its address. */
    size_t size = a->size ? a->size : 1;
    if (p - a->base < size && len <= size - (p - a->base)) {
      found = true;
      if (out) *out = *a;
    }
  }
  pthread_mutex_unlock(&amap.lock);
  return found;
}

/* Allocations placed below 4 GiB for PTX with 32-bit addresses (drv_want_low_addresses)
 * come from mmap, not the heap: this bit in DrvAlloc.flags says so. */
#define DRV_ALLOC_FLAG_LOW (1u << 31)
static _Atomic bool want_low;

void drv_want_low_addresses(void) {
  if (!atomic_exchange(&want_low, true))
    LOG(LOG_MEM, "a module uses 32-bit addresses: device allocations go below 4 GiB from now on");
}

/* mmap with MAP_32BIT: page-aligned (more than DRV_ALLOC_ALIGN) and in the low 2 GiB, so
 * a kernel that keeps pointers in 32-bit registers reaches it. NULL when that space is
 * full (the caller falls back to an ordinary allocation, which such kernels cannot use). */
static void *alloc_low(size_t bytes) {
#ifdef MAP_32BIT
  void *p = mmap(NULL, ALIGN_UP(bytes, 4096), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
  if (p != MAP_FAILED) return p;
#endif
  log_warn("no room below 4 GiB for %zu bytes of device memory: kernels with 32-bit addresses "
           "cannot reach this allocation", bytes);
  return NULL;
}

static void release_memory(const DrvAlloc *a) {
  if ((a->flags & DRV_ALLOC_FLAG_LOW) && (a->kind == DRV_MEM_DEVICE || a->kind == DRV_MEM_MANAGED))
    munmap((void *)a->base, ALIGN_UP(a->size, 4096));
  else if (a->kind == DRV_MEM_DEVICE || a->kind == DRV_MEM_HOST || a->kind == DRV_MEM_MANAGED)
    free((void *)a->base);
}

void drv_alloc_free_context(CUcontext ctx) {
  pthread_mutex_lock(&amap.lock);
  size_t j = 0;
  for (size_t i = 0; i < amap.v.len; i++) {
    DrvAlloc *a = &amap.v.data[i];
    if (a->ctx == ctx && a->kind != DRV_MEM_GLOBAL && a->kind != DRV_MEM_MAPPED) {
      release_memory(a);
      continue;
    }
    amap.v.data[j++] = *a;
  }
  amap.v.len = j;
  pthread_mutex_unlock(&amap.lock);
}

static CUresult alloc_kind(void **out, size_t bytes, DrvMemKind kind, unsigned flags) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!out || bytes == 0) return CUDA_ERROR_INVALID_VALUE;
  // More than the device's memory (the host's RAM) cannot succeed: refuse it here rather than
  // asking the allocator, which may overcommit it or, under ASan, abort on the size.
  if (bytes > drv.total_mem || bytes > SIZE_MAX - DRV_ALLOC_ALIGN) {
    LOG(LOG_MEM, "allocation of %zu bytes exceeds the device's %zu bytes", bytes, drv.total_mem);
    return CUDA_ERROR_OUT_OF_MEMORY;
  }
  void *p = NULL;
  if ((kind == DRV_MEM_DEVICE || kind == DRV_MEM_MANAGED) && atomic_load(&want_low) && (p = alloc_low(bytes)))
    flags |= DRV_ALLOC_FLAG_LOW;
  else if (posix_memalign(&p, DRV_ALLOC_ALIGN, ALIGN_UP(bytes, DRV_ALLOC_ALIGN)) != 0 || !p) {
    LOG(LOG_MEM, "allocation of %zu bytes failed", bytes);
    return CUDA_ERROR_OUT_OF_MEMORY;
  }
  drv_alloc_register(p, bytes, kind, ctx, flags);
  *out = p;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemAlloc_v2(CUdeviceptr *dptr, size_t bytesize) {
  void *p = NULL;
  if (!dptr) return CUDA_ERROR_INVALID_VALUE;
  CUresult r = alloc_kind(&p, bytesize, DRV_MEM_DEVICE, 0);
  if (r == CUDA_SUCCESS) *dptr = (CUdeviceptr)(uintptr_t)p;
  return r;
}

CU_API CUresult CUDAAPI cuMemAllocPitch_v2(CUdeviceptr *dptr, size_t *pPitch, size_t WidthInBytes,
                                          size_t Height, unsigned int ElementSizeBytes) {
  if (!dptr || !pPitch || !WidthInBytes || !Height ||
      (ElementSizeBytes != 4 && ElementSizeBytes != 8 && ElementSizeBytes != 16))
    return CUDA_ERROR_INVALID_VALUE;
  size_t pitch = ALIGN_UP(WidthInBytes, 512);
  if (Height > SIZE_MAX / pitch) return CUDA_ERROR_OUT_OF_MEMORY;
  CUresult r = cuMemAlloc_v2(dptr, pitch * Height);
  if (r == CUDA_SUCCESS) *pPitch = pitch;
  return r;
}

CU_API CUresult CUDAAPI cuMemAllocManaged(CUdeviceptr *dptr, size_t bytesize, unsigned int flags) {
  if (!dptr) return CUDA_ERROR_INVALID_VALUE;
  if (flags != CU_MEM_ATTACH_GLOBAL && flags != CU_MEM_ATTACH_HOST) return CUDA_ERROR_INVALID_VALUE;
  void *p = NULL;
  CUresult r = alloc_kind(&p, bytesize, DRV_MEM_MANAGED, flags);
  if (r == CUDA_SUCCESS) *dptr = (CUdeviceptr)(uintptr_t)p;
  return r;
}

static CUresult free_kind(uintptr_t p, bool host) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!p) return CUDA_SUCCESS;
  DrvAlloc a;
  if (!drv_alloc_lookup(p, 1, &a) || a.base != p) return CUDA_ERROR_INVALID_VALUE;
  bool is_host = a.kind == DRV_MEM_HOST;
  if (a.kind == DRV_MEM_GLOBAL || a.kind == DRV_MEM_REGISTERED || a.kind == DRV_MEM_MAPPED ||
      is_host != host)
    return CUDA_ERROR_INVALID_VALUE;
  if (!amap_remove(p, &a)) return CUDA_ERROR_INVALID_VALUE; /* freed by another thread */
  release_memory(&a);
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemFree_v2(CUdeviceptr dptr) { return free_kind((uintptr_t)dptr, false); }

CU_API CUresult CUDAAPI cuMemAllocHost_v2(void **pp, size_t bytesize) {
  return alloc_kind(pp, bytesize, DRV_MEM_HOST, 0);
}

CU_API CUresult CUDAAPI cuMemHostAlloc(void **pp, size_t bytesize, unsigned int Flags) {
  if (Flags & ~(unsigned)(CU_MEMHOSTALLOC_PORTABLE | CU_MEMHOSTALLOC_DEVICEMAP |
                          CU_MEMHOSTALLOC_WRITECOMBINED))
    return CUDA_ERROR_INVALID_VALUE;
  return alloc_kind(pp, bytesize, DRV_MEM_HOST, Flags);
}

CU_API CUresult CUDAAPI cuMemFreeHost(void *p) { return free_kind((uintptr_t)p, true); }

CU_API CUresult CUDAAPI cuMemHostGetDevicePointer_v2(CUdeviceptr *pdptr, void *p, unsigned int Flags) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!pdptr || Flags != 0) return CUDA_ERROR_INVALID_VALUE;
  DrvAlloc a;
  if (!drv_alloc_lookup((uintptr_t)p, 1, &a) ||
      (a.kind != DRV_MEM_HOST && a.kind != DRV_MEM_REGISTERED))
    return CUDA_ERROR_INVALID_VALUE;
  *pdptr = (CUdeviceptr)(uintptr_t)p; /* the same address: one address space */
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemHostGetFlags(unsigned int *pFlags, void *p) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  DrvAlloc a;
  if (!pFlags || !drv_alloc_lookup((uintptr_t)p, 1, &a) || a.kind != DRV_MEM_HOST)
    return CUDA_ERROR_INVALID_VALUE;
  *pFlags = a.flags;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemHostRegister_v2(void *p, size_t bytesize, unsigned int Flags) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!p || !bytesize) return CUDA_ERROR_INVALID_VALUE;
  if (drv_alloc_lookup((uintptr_t)p, 1, NULL) ||
      drv_alloc_lookup((uintptr_t)p + bytesize - 1, 1, NULL))
    return CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED;
  drv_alloc_register(p, bytesize, DRV_MEM_REGISTERED, ctx, Flags);
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemHostUnregister(void *p) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  DrvAlloc a;
  if (!drv_alloc_lookup((uintptr_t)p, 1, &a) || a.kind != DRV_MEM_REGISTERED ||
      a.base != (uintptr_t)p)
    return CUDA_ERROR_HOST_MEMORY_NOT_REGISTERED;
  amap_remove(a.base, NULL);
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemGetInfo_v2(size_t *free_bytes, size_t *total) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!free_bytes || !total) return CUDA_ERROR_INVALID_VALUE;
  long avail = sysconf(_SC_AVPHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  *total = drv.total_mem;
  *free_bytes = avail > 0 && page > 0 ? MIN((size_t)avail * (size_t)page, drv.total_mem)
                                      : drv.total_mem / 2;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemGetAddressRange_v2(CUdeviceptr *pbase, size_t *psize, CUdeviceptr dptr) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  DrvAlloc a;
  if (!drv_alloc_lookup((uintptr_t)dptr, 1, &a) || a.kind == DRV_MEM_HOST ||
      a.kind == DRV_MEM_REGISTERED)
    return CUDA_ERROR_NOT_FOUND;
  if (pbase) *pbase = (CUdeviceptr)a.base;
  if (psize) *psize = a.size;
  return CUDA_SUCCESS;
}

/* ---- Copies. A device-side range must lie inside one allocation of the map, as CUDA
 * checks; host-side ranges are the caller's to get right. ---- */

static bool device_range_ok(CUdeviceptr p, size_t n) {
  return drv_alloc_lookup((uintptr_t)p, n ? n : 1, NULL);
}

static CUresult copy_checked(void *dst, bool dst_device, const void *src, bool src_device,
                             size_t n, CUstream stream) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  r = drv_stream_check(stream);
  if (r != CUDA_SUCCESS) return r;
  if (n == 0) return CUDA_SUCCESS;
  if (!dst || !src) return CUDA_ERROR_INVALID_VALUE;
  if (dst_device && !device_range_ok((CUdeviceptr)(uintptr_t)dst, n)) {
    LOG(LOG_MEM, "copy destination %p + %zu is not device memory", dst, n);
    return CUDA_ERROR_INVALID_VALUE;
  }
  if (src_device && !device_range_ok((CUdeviceptr)(uintptr_t)src, n)) {
    LOG(LOG_MEM, "copy source %p + %zu is not device memory", src, n);
    return CUDA_ERROR_INVALID_VALUE;
  }
  memmove(dst, src, n);
  return CUDA_SUCCESS;
}

#define DPTR(p) ((void *)(uintptr_t)(p))

CU_API CUresult CUDAAPI cuMemcpyHtoD_v2(CUdeviceptr dstDevice, const void *srcHost, size_t ByteCount) {
  return copy_checked(DPTR(dstDevice), true, srcHost, false, ByteCount, NULL);
}
DRV_ALIAS(cuMemcpyHtoD_v2_ptds, cuMemcpyHtoD_v2);

CU_API CUresult CUDAAPI cuMemcpyDtoH_v2(void *dstHost, CUdeviceptr srcDevice, size_t ByteCount) {
  return copy_checked(dstHost, false, DPTR(srcDevice), true, ByteCount, NULL);
}
DRV_ALIAS(cuMemcpyDtoH_v2_ptds, cuMemcpyDtoH_v2);

CU_API CUresult CUDAAPI cuMemcpyDtoD_v2(CUdeviceptr dstDevice, CUdeviceptr srcDevice, size_t ByteCount) {
  return copy_checked(DPTR(dstDevice), true, DPTR(srcDevice), true, ByteCount, NULL);
}
DRV_ALIAS(cuMemcpyDtoD_v2_ptds, cuMemcpyDtoD_v2);

/* Unified addressing: either side may be host or device memory. */
CU_API CUresult CUDAAPI cuMemcpy(CUdeviceptr dst, CUdeviceptr src, size_t ByteCount) {
  return copy_checked(DPTR(dst), false, DPTR(src), false, ByteCount, NULL);
}
DRV_ALIAS(cuMemcpy_ptds, cuMemcpy);

CU_API CUresult CUDAAPI cuMemcpyAsync(CUdeviceptr dst, CUdeviceptr src, size_t ByteCount, CUstream hStream) {
  return copy_checked(DPTR(dst), false, DPTR(src), false, ByteCount, hStream);
}
DRV_ALIAS(cuMemcpyAsync_ptsz, cuMemcpyAsync);

CU_API CUresult CUDAAPI cuMemcpyHtoDAsync_v2(CUdeviceptr dstDevice, const void *srcHost,
                                            size_t ByteCount, CUstream hStream) {
  return copy_checked(DPTR(dstDevice), true, srcHost, false, ByteCount, hStream);
}
DRV_ALIAS(cuMemcpyHtoDAsync_v2_ptsz, cuMemcpyHtoDAsync_v2);

CU_API CUresult CUDAAPI cuMemcpyDtoHAsync_v2(void *dstHost, CUdeviceptr srcDevice, size_t ByteCount,
                                            CUstream hStream) {
  return copy_checked(dstHost, false, DPTR(srcDevice), true, ByteCount, hStream);
}
DRV_ALIAS(cuMemcpyDtoHAsync_v2_ptsz, cuMemcpyDtoHAsync_v2);

CU_API CUresult CUDAAPI cuMemcpyDtoDAsync_v2(CUdeviceptr dstDevice, CUdeviceptr srcDevice,
                                            size_t ByteCount, CUstream hStream) {
  return copy_checked(DPTR(dstDevice), true, DPTR(srcDevice), true, ByteCount, hStream);
}
DRV_ALIAS(cuMemcpyDtoDAsync_v2_ptsz, cuMemcpyDtoDAsync_v2);

CU_API CUresult CUDAAPI cuMemcpyPeer(CUdeviceptr dstDevice, CUcontext dstContext, CUdeviceptr srcDevice,
                                    CUcontext srcContext, size_t ByteCount) {
  if (!drv_ctx_valid(dstContext) || !drv_ctx_valid(srcContext)) return CUDA_ERROR_INVALID_CONTEXT;
  return copy_checked(DPTR(dstDevice), true, DPTR(srcDevice), true, ByteCount, NULL);
}

CU_API CUresult CUDAAPI cuMemcpyPeerAsync(CUdeviceptr dstDevice, CUcontext dstContext,
                                         CUdeviceptr srcDevice, CUcontext srcContext,
                                         size_t ByteCount, CUstream hStream) {
  if (!drv_ctx_valid(dstContext) || !drv_ctx_valid(srcContext)) return CUDA_ERROR_INVALID_CONTEXT;
  return copy_checked(DPTR(dstDevice), true, DPTR(srcDevice), true, ByteCount, hStream);
}

/* 2D copies between host and device memory; with arrays, array.c's 3D copy. */
static CUresult copy_2d(const CUDA_MEMCPY2D *p, CUstream stream) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  r = drv_stream_check(stream);
  if (r != CUDA_SUCCESS) return r;
  if (!p) return CUDA_ERROR_INVALID_VALUE;
  if (p->srcMemoryType == CU_MEMORYTYPE_ARRAY || p->dstMemoryType == CU_MEMORYTYPE_ARRAY)
    return drv_copy_2d_array(p, stream);
  const uint8_t *src = p->srcMemoryType == CU_MEMORYTYPE_HOST ? p->srcHost : DPTR(p->srcDevice);
  uint8_t *dst = p->dstMemoryType == CU_MEMORYTYPE_HOST ? p->dstHost : DPTR(p->dstDevice);
  if (p->WidthInBytes == 0 || p->Height == 0) return CUDA_SUCCESS;
  if (!src || !dst) return CUDA_ERROR_INVALID_VALUE;
  size_t spitch = p->srcPitch ? p->srcPitch : p->WidthInBytes;
  size_t dpitch = p->dstPitch ? p->dstPitch : p->WidthInBytes;
  if (spitch < p->WidthInBytes || dpitch < p->WidthInBytes) return CUDA_ERROR_INVALID_VALUE;
  src += p->srcY * spitch + p->srcXInBytes;
  dst += p->dstY * dpitch + p->dstXInBytes;
  for (size_t y = 0; y < p->Height; y++) memmove(dst + y * dpitch, src + y * spitch, p->WidthInBytes);
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemcpy2D_v2(const CUDA_MEMCPY2D *pCopy) { return copy_2d(pCopy, NULL); }
CU_API CUresult CUDAAPI cuMemcpy2DUnaligned_v2(const CUDA_MEMCPY2D *pCopy) { return copy_2d(pCopy, NULL); }
CU_API CUresult CUDAAPI cuMemcpy2DAsync_v2(const CUDA_MEMCPY2D *pCopy, CUstream hStream) {
  return copy_2d(pCopy, hStream);
}

/* ---- Memsets. ---- */

static CUresult memset_checked(CUdeviceptr dst, unsigned value, size_t elem, size_t count,
                               CUstream stream) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  r = drv_stream_check(stream);
  if (r != CUDA_SUCCESS) return r;
  if (count == 0) return CUDA_SUCCESS;
  if (dst % elem) return CUDA_ERROR_INVALID_VALUE;
  if (count > SIZE_MAX / elem || !device_range_ok(dst, count * elem)) return CUDA_ERROR_INVALID_VALUE;
  if (elem == 1) {
    memset(DPTR(dst), (int)(value & 0xff), count);
  } else if (elem == 2) {
    uint16_t *p = DPTR(dst);
    for (size_t i = 0; i < count; i++) p[i] = (uint16_t)value;
  } else {
    uint32_t *p = DPTR(dst);
    for (size_t i = 0; i < count; i++) p[i] = value;
  }
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemsetD8_v2(CUdeviceptr dstDevice, unsigned char uc, size_t N) {
  return memset_checked(dstDevice, uc, 1, N, NULL);
}
DRV_ALIAS(cuMemsetD8_v2_ptds, cuMemsetD8_v2);
CU_API CUresult CUDAAPI cuMemsetD16_v2(CUdeviceptr dstDevice, unsigned short us, size_t N) {
  return memset_checked(dstDevice, us, 2, N, NULL);
}
DRV_ALIAS(cuMemsetD16_v2_ptds, cuMemsetD16_v2);
CU_API CUresult CUDAAPI cuMemsetD32_v2(CUdeviceptr dstDevice, unsigned int ui, size_t N) {
  return memset_checked(dstDevice, ui, 4, N, NULL);
}
DRV_ALIAS(cuMemsetD32_v2_ptds, cuMemsetD32_v2);
CU_API CUresult CUDAAPI cuMemsetD8Async(CUdeviceptr dstDevice, unsigned char uc, size_t N, CUstream hStream) {
  return memset_checked(dstDevice, uc, 1, N, hStream);
}
DRV_ALIAS(cuMemsetD8Async_ptsz, cuMemsetD8Async);
CU_API CUresult CUDAAPI cuMemsetD16Async(CUdeviceptr dstDevice, unsigned short us, size_t N,
                                        CUstream hStream) {
  return memset_checked(dstDevice, us, 2, N, hStream);
}
DRV_ALIAS(cuMemsetD16Async_ptsz, cuMemsetD16Async);
CU_API CUresult CUDAAPI cuMemsetD32Async(CUdeviceptr dstDevice, unsigned int ui, size_t N,
                                        CUstream hStream) {
  return memset_checked(dstDevice, ui, 4, N, hStream);
}
DRV_ALIAS(cuMemsetD32Async_ptsz, cuMemsetD32Async);

static CUresult memset_2d(CUdeviceptr dst, size_t pitch, unsigned value, size_t elem, size_t width,
                          size_t height, CUstream stream) {
  for (size_t y = 0; y < height; y++) {
    CUresult r = memset_checked(dst + y * pitch, value, elem, width, stream);
    if (r != CUDA_SUCCESS) return r;
  }
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemsetD2D8_v2(CUdeviceptr dstDevice, size_t dstPitch, unsigned char uc,
                                       size_t Width, size_t Height) {
  return memset_2d(dstDevice, dstPitch, uc, 1, Width, Height, NULL);
}
CU_API CUresult CUDAAPI cuMemsetD2D16_v2(CUdeviceptr dstDevice, size_t dstPitch, unsigned short us,
                                        size_t Width, size_t Height) {
  return memset_2d(dstDevice, dstPitch, us, 2, Width, Height, NULL);
}
CU_API CUresult CUDAAPI cuMemsetD2D32_v2(CUdeviceptr dstDevice, size_t dstPitch, unsigned int ui,
                                        size_t Width, size_t Height) {
  return memset_2d(dstDevice, dstPitch, ui, 4, Width, Height, NULL);
}
CU_API CUresult CUDAAPI cuMemsetD2D8Async(CUdeviceptr dstDevice, size_t dstPitch, unsigned char uc,
                                         size_t Width, size_t Height, CUstream hStream) {
  return memset_2d(dstDevice, dstPitch, uc, 1, Width, Height, hStream);
}
CU_API CUresult CUDAAPI cuMemsetD2D16Async(CUdeviceptr dstDevice, size_t dstPitch, unsigned short us,
                                          size_t Width, size_t Height, CUstream hStream) {
  return memset_2d(dstDevice, dstPitch, us, 2, Width, Height, hStream);
}
CU_API CUresult CUDAAPI cuMemsetD2D32Async(CUdeviceptr dstDevice, size_t dstPitch, unsigned int ui,
                                          size_t Width, size_t Height, CUstream hStream) {
  return memset_2d(dstDevice, dstPitch, ui, 4, Width, Height, hStream);
}

/* ---- Stream-ordered allocation: synchronous here, so plain allocations. ---- */

CU_API CUresult CUDAAPI cuMemAllocAsync(CUdeviceptr *dptr, size_t bytesize, CUstream hStream) {
  CUresult r = drv_stream_check(hStream);
  return r != CUDA_SUCCESS ? r : cuMemAlloc_v2(dptr, bytesize);
}
DRV_ALIAS(cuMemAllocAsync_ptsz, cuMemAllocAsync);

CU_API CUresult CUDAAPI cuMemFreeAsync(CUdeviceptr dptr, CUstream hStream) {
  CUresult r = drv_stream_check(hStream);
  return r != CUDA_SUCCESS ? r : cuMemFree_v2(dptr);
}
DRV_ALIAS(cuMemFreeAsync_ptsz, cuMemFreeAsync);

/* Hints about placement mean nothing when there is one memory. */
CU_API CUresult CUDAAPI cuMemPrefetchAsync_v2(CUdeviceptr devPtr, size_t count, CUmemLocation location,
                                             unsigned int flags, CUstream hStream) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!device_range_ok(devPtr, count)) return CUDA_ERROR_INVALID_VALUE;
  return drv_stream_check(hStream);
}
DRV_ALIAS(cuMemPrefetchAsync_v2_ptsz, cuMemPrefetchAsync_v2);

CU_API CUresult CUDAAPI cuMemAdvise_v2(CUdeviceptr devPtr, size_t count, CUmem_advise advice,
                                      CUmemLocation location) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  return device_range_ok(devPtr, count) ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

/* ---- Pointer attributes. ---- */

static CUresult pointer_attribute(void *data, CUpointer_attribute attribute, CUdeviceptr ptr,
                                  bool known, const DrvAlloc *a) {
  if (!data) return CUDA_ERROR_INVALID_VALUE;
  bool host = known && (a->kind == DRV_MEM_HOST || a->kind == DRV_MEM_REGISTERED);
  switch (attribute) {
  case CU_POINTER_ATTRIBUTE_CONTEXT:
    *(CUcontext *)data = known ? a->ctx : NULL;
    break;
  case CU_POINTER_ATTRIBUTE_MEMORY_TYPE:
    *(unsigned *)data = !known ? 0 : host ? CU_MEMORYTYPE_HOST : CU_MEMORYTYPE_DEVICE;
    break;
  case CU_POINTER_ATTRIBUTE_DEVICE_POINTER:
    *(CUdeviceptr *)data = known ? ptr : 0;
    break;
  case CU_POINTER_ATTRIBUTE_HOST_POINTER:
    /* Device memory is host memory, but CUDA reports a host pointer only for memory the
     * host owns or shares (pinned, registered, managed). */
    *(void **)data = known && (host || a->kind == DRV_MEM_MANAGED) ? DPTR(ptr) : NULL;
    break;
  case CU_POINTER_ATTRIBUTE_SYNC_MEMOPS: *(int *)data = 1; break;
  case CU_POINTER_ATTRIBUTE_BUFFER_ID: *(unsigned long long *)data = known ? a->id : 0; break;
  case CU_POINTER_ATTRIBUTE_IS_MANAGED: *(int *)data = known && a->kind == DRV_MEM_MANAGED; break;
  case CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL:
    *(int *)data = known && a->ctx ? a->ctx->device : -2;
    break;
  case CU_POINTER_ATTRIBUTE_IS_LEGACY_CUDA_IPC_CAPABLE: *(int *)data = 0; break;
  case CU_POINTER_ATTRIBUTE_RANGE_START_ADDR:
  case CU_POINTER_ATTRIBUTE_MAPPING_BASE_ADDR:
    *(CUdeviceptr *)data = known ? (CUdeviceptr)a->base : 0;
    break;
  case CU_POINTER_ATTRIBUTE_RANGE_SIZE:
  case CU_POINTER_ATTRIBUTE_MAPPING_SIZE:
    *(size_t *)data = known ? a->size : 0;
    break;
  case CU_POINTER_ATTRIBUTE_MAPPED: *(int *)data = known; break;
  case CU_POINTER_ATTRIBUTE_ALLOWED_HANDLE_TYPES: *(unsigned long long *)data = 0; break;
  case CU_POINTER_ATTRIBUTE_IS_GPU_DIRECT_RDMA_CAPABLE: *(int *)data = 0; break;
  case CU_POINTER_ATTRIBUTE_ACCESS_FLAGS:
    *(int *)data = known ? CU_POINTER_ATTRIBUTE_ACCESS_FLAG_READWRITE : 0;
    break;
  case CU_POINTER_ATTRIBUTE_MEMPOOL_HANDLE: *(void **)data = NULL; break;
  case CU_POINTER_ATTRIBUTE_MEMORY_BLOCK_ID: *(unsigned long long *)data = known ? a->id : 0; break;
  default: return CUDA_ERROR_INVALID_VALUE;
  }
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuPointerGetAttribute(void *data, CUpointer_attribute attribute, CUdeviceptr ptr) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  DrvAlloc a;
  if (!drv_alloc_lookup((uintptr_t)ptr, 1, &a)) return CUDA_ERROR_INVALID_VALUE;
  return pointer_attribute(data, attribute, ptr, true, &a);
}

/* Unlike the singular form, an unknown pointer is not an error: its attributes read as
 * "not CUDA memory" (what cudaPointerGetAttributes reports as unregistered). */
CU_API CUresult CUDAAPI cuPointerGetAttributes(unsigned int numAttributes, CUpointer_attribute *attributes,
                                              void **data, CUdeviceptr ptr) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!attributes || !data) return CUDA_ERROR_INVALID_VALUE;
  DrvAlloc a;
  bool known = drv_alloc_lookup((uintptr_t)ptr, 1, &a);
  for (unsigned i = 0; i < numAttributes; i++) {
    r = pointer_attribute(data[i], attributes[i], ptr, known, &a);
    if (r != CUDA_SUCCESS) return r;
  }
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuPointerSetAttribute(const void *value, CUpointer_attribute attribute,
                                             CUdeviceptr ptr) {
  if (attribute != CU_POINTER_ATTRIBUTE_SYNC_MEMOPS || !value) return CUDA_ERROR_INVALID_VALUE;
  return drv_alloc_lookup((uintptr_t)ptr, 1, NULL) ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}
