/* driver: CUDA arrays. An array is host memory with a descriptor (format, channels,
 * extent, flags): rows of Width texels packed, slices (depth, layers or cube faces) of
 * max(Height,1) rows. Copies to and from arrays go through one 3D copy that also serves
 * cuMemcpy2D and the runtime's array copies. */
#include <string.h>

#include "driver_internal.h"

enum { DRV_MAGIC_ARRAY = 0x41525221u };

static const char *format_name(CUarray_format f) {
  switch (f) {
  case CU_AD_FORMAT_UNSIGNED_INT8: return "UNSIGNED_INT8";
  case CU_AD_FORMAT_UNSIGNED_INT16: return "UNSIGNED_INT16";
  case CU_AD_FORMAT_UNSIGNED_INT32: return "UNSIGNED_INT32";
  case CU_AD_FORMAT_SIGNED_INT8: return "SIGNED_INT8";
  case CU_AD_FORMAT_SIGNED_INT16: return "SIGNED_INT16";
  case CU_AD_FORMAT_SIGNED_INT32: return "SIGNED_INT32";
  case CU_AD_FORMAT_HALF: return "HALF";
  case CU_AD_FORMAT_FLOAT: return "FLOAT";
  default: return NULL;
  }
}

uint32_t drv_format_bytes(CUarray_format f) {
  switch (f) {
  case CU_AD_FORMAT_UNSIGNED_INT8:
  case CU_AD_FORMAT_SIGNED_INT8: return 1;
  case CU_AD_FORMAT_UNSIGNED_INT16:
  case CU_AD_FORMAT_SIGNED_INT16:
  case CU_AD_FORMAT_HALF: return 2;
  case CU_AD_FORMAT_UNSIGNED_INT32:
  case CU_AD_FORMAT_SIGNED_INT32:
  case CU_AD_FORMAT_FLOAT: return 4;
  default: return 0;
  }
}

/* Live arrays, texture and surface objects, so a bogus handle is an error and not a read
 * through a wild pointer. Few objects live at once: a vector suffices. */
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static VEC(const void *) live;

void drv_object_add(const void *p) {
  pthread_mutex_lock(&live_lock);
  vec_push(&live, p);
  pthread_mutex_unlock(&live_lock);
}

bool drv_object_live(const void *p) {
  bool found = false;
  pthread_mutex_lock(&live_lock);
  for (size_t i = 0; i < live.len && !found; i++) found = live.data[i] == p;
  pthread_mutex_unlock(&live_lock);
  return found;
}

bool drv_object_remove(const void *p) {
  bool found = false;
  pthread_mutex_lock(&live_lock);
  for (size_t i = 0; i < live.len; i++)
    if (live.data[i] == p) {
      live.data[i] = live.data[--live.len];
      found = true;
      break;
    }
  pthread_mutex_unlock(&live_lock);
  return found;
}

bool drv_array_valid(CUarray a) { return a && drv_object_live(a) && a->magic == DRV_MAGIC_ARRAY; }

static CUresult array_create(CUarray *out, const CUDA_ARRAY3D_DESCRIPTOR *d) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!out || !d) return CUDA_ERROR_INVALID_VALUE;
  const unsigned known = CUDA_ARRAY3D_LAYERED | CUDA_ARRAY3D_SURFACE_LDST | CUDA_ARRAY3D_CUBEMAP |
                         CUDA_ARRAY3D_TEXTURE_GATHER;
  if (!format_name(d->Format)) {
    log_error("CUDA array format 0x%x is not supported by ptxvm (8/16/32-bit integers, half and float are)",
              (unsigned)d->Format);
    return CUDA_ERROR_NOT_SUPPORTED;
  }
  if (d->Flags & ~known) {
    log_error("CUDA array flags 0x%x are not supported by ptxvm", d->Flags & ~known);
    return CUDA_ERROR_NOT_SUPPORTED;
  }
  if (d->NumChannels != 1 && d->NumChannels != 2 && d->NumChannels != 4) return CUDA_ERROR_INVALID_VALUE;
  if (d->Width == 0 || (d->Height == 0 && d->Depth != 0 && !(d->Flags & CUDA_ARRAY3D_LAYERED)))
    return CUDA_ERROR_INVALID_VALUE;
  if (d->Flags & CUDA_ARRAY3D_CUBEMAP) {
    bool layered = d->Flags & CUDA_ARRAY3D_LAYERED;
    if (d->Width != d->Height || d->Depth == 0 || (layered ? d->Depth % 6 : d->Depth != 6))
      return CUDA_ERROR_INVALID_VALUE;
  }
  if (d->Width > (1u << 24) || d->Height > (1u << 24) || d->Depth > (1u << 24)) return CUDA_ERROR_INVALID_VALUE;
  struct CUarray_st *a = xcalloc(1, sizeof *a);
  a->desc = *d;
  a->texel_size = drv_format_bytes(d->Format) * d->NumChannels;
  a->pitch = d->Width * a->texel_size;
  a->rows = d->Height ? d->Height : 1;
  a->slices = d->Depth ? d->Depth : 1;
  a->slice = a->pitch * a->rows;
  size_t bytes = a->slice * a->slices;
  a->data = aligned_alloc(256, (bytes + 255) & ~(size_t)255);
  if (!a->data) {
    free(a);
    return CUDA_ERROR_OUT_OF_MEMORY;
  }
  memset(a->data, 0, bytes);
  a->ctx = ctx;
  a->magic = DRV_MAGIC_ARRAY;
  drv_object_add(a);
  *out = a;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuArray3DCreate_v2(CUarray *pHandle, const CUDA_ARRAY3D_DESCRIPTOR *pAllocateArray) {
  return array_create(pHandle, pAllocateArray);
}

CU_API CUresult CUDAAPI cuArrayCreate_v2(CUarray *pHandle, const CUDA_ARRAY_DESCRIPTOR *pAllocateArray) {
  if (!pAllocateArray) return CUDA_ERROR_INVALID_VALUE;
  CUDA_ARRAY3D_DESCRIPTOR d = {pAllocateArray->Width, pAllocateArray->Height, 0, pAllocateArray->Format,
                               pAllocateArray->NumChannels, 0};
  return array_create(pHandle, &d);
}

/* The descriptor stays allocated with a dead magic: textures made from the array still
 * point at it. */
CU_API CUresult CUDAAPI cuArrayDestroy(CUarray hArray) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!drv_array_valid(hArray) || !drv_object_remove(hArray)) return CUDA_ERROR_INVALID_HANDLE;
  hArray->magic = DRV_MAGIC_DEAD;
  free(hArray->data);
  hArray->data = NULL;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuArray3DGetDescriptor_v2(CUDA_ARRAY3D_DESCRIPTOR *pArrayDescriptor, CUarray hArray) {
  if (!pArrayDescriptor) return CUDA_ERROR_INVALID_VALUE;
  if (!drv_array_valid(hArray)) return CUDA_ERROR_INVALID_HANDLE;
  *pArrayDescriptor = hArray->desc;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuArrayGetDescriptor_v2(CUDA_ARRAY_DESCRIPTOR *pArrayDescriptor, CUarray hArray) {
  if (!pArrayDescriptor) return CUDA_ERROR_INVALID_VALUE;
  if (!drv_array_valid(hArray)) return CUDA_ERROR_INVALID_HANDLE;
  if (hArray->desc.Depth) return CUDA_ERROR_INVALID_VALUE; /* a 3D array: CUDA says so too */
  pArrayDescriptor->Width = hArray->desc.Width;
  pArrayDescriptor->Height = hArray->desc.Height;
  pArrayDescriptor->Format = hArray->desc.Format;
  pArrayDescriptor->NumChannels = hArray->desc.NumChannels;
  return CUDA_SUCCESS;
}

/* One side of a copy: base address, pitch, rows per slice, and for an array its bounds. */
typedef struct CopySide {
  uint8_t *base;
  size_t pitch, height;
  CUarray array;
} CopySide;

static CUresult copy_side(CUmemorytype type, const void *host, CUdeviceptr dev, CUarray array, size_t pitch,
                          size_t height, CopySide *out) {
  memset(out, 0, sizeof *out);
  switch (type) {
  case CU_MEMORYTYPE_HOST: out->base = (uint8_t *)host; break;
  case CU_MEMORYTYPE_DEVICE:
  case CU_MEMORYTYPE_UNIFIED: out->base = (uint8_t *)(uintptr_t)dev; break;
  case CU_MEMORYTYPE_ARRAY:
    if (!drv_array_valid(array)) return CUDA_ERROR_INVALID_HANDLE;
    out->base = array->data;
    out->array = array;
    out->pitch = array->pitch;
    out->height = array->rows;
    return CUDA_SUCCESS;
  default: return CUDA_ERROR_INVALID_VALUE;
  }
  if (!out->base) return CUDA_ERROR_INVALID_VALUE;
  out->pitch = pitch;
  out->height = height;
  return CUDA_SUCCESS;
}

static bool array_range_ok(const CopySide *s, size_t x, size_t y, size_t z, size_t w, size_t h, size_t d) {
  const struct CUarray_st *a = s->array;
  size_t row = a->pitch;
  return x <= row && w <= row - x && y <= a->rows && h <= a->rows - y && z <= a->slices && d <= a->slices - z;
}

CUresult drv_copy_3d(const CUDA_MEMCPY3D *p, CUstream stream) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  r = drv_stream_check(stream);
  if (r != CUDA_SUCCESS) return r;
  if (!p) return CUDA_ERROR_INVALID_VALUE;
  if (p->srcLOD || p->dstLOD) return drv_unsupported("cuMemcpy3D with a mipmap level other than 0");
  size_t w = p->WidthInBytes, h = p->Height ? p->Height : 1, d = p->Depth ? p->Depth : 1;
  if (w == 0) return CUDA_SUCCESS;
  CopySide s, t;
  r = copy_side(p->srcMemoryType, p->srcHost, p->srcDevice, p->srcArray, p->srcPitch ? p->srcPitch : w,
                p->srcHeight ? p->srcHeight : h, &s);
  if (r != CUDA_SUCCESS) return r;
  r = copy_side(p->dstMemoryType, p->dstHost, p->dstDevice, p->dstArray, p->dstPitch ? p->dstPitch : w,
                p->dstHeight ? p->dstHeight : h, &t);
  if (r != CUDA_SUCCESS) return r;
  if ((!s.array && s.pitch < w) || (!t.array && t.pitch < w)) return CUDA_ERROR_INVALID_VALUE;
  if (d > 1 && ((!s.array && s.height < h) || (!t.array && t.height < h))) return CUDA_ERROR_INVALID_VALUE;
  if (s.array && !array_range_ok(&s, p->srcXInBytes, p->srcY, p->srcZ, w, h, d)) return CUDA_ERROR_INVALID_VALUE;
  if (t.array && !array_range_ok(&t, p->dstXInBytes, p->dstY, p->dstZ, w, h, d)) return CUDA_ERROR_INVALID_VALUE;
  for (size_t z = 0; z < d; z++)
    for (size_t y = 0; y < h; y++) {
      const uint8_t *from = s.base + (p->srcZ + z) * s.pitch * s.height + (p->srcY + y) * s.pitch + p->srcXInBytes;
      uint8_t *to = t.base + (p->dstZ + z) * t.pitch * t.height + (p->dstY + y) * t.pitch + p->dstXInBytes;
      memmove(to, from, w);
    }
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemcpy3D_v2(const CUDA_MEMCPY3D *pCopy) { return drv_copy_3d(pCopy, NULL); }
CU_API CUresult CUDAAPI cuMemcpy3DAsync_v2(const CUDA_MEMCPY3D *pCopy, CUstream hStream) {
  return drv_copy_3d(pCopy, hStream);
}
DRV_ALIAS(cuMemcpy3D_v2_ptds, cuMemcpy3D_v2);
DRV_ALIAS(cuMemcpy3DAsync_v2_ptsz, cuMemcpy3DAsync_v2);

/* 2D copies with arrays on either side become 3D copies of depth 1. */
CUresult drv_copy_2d_array(const CUDA_MEMCPY2D *p, CUstream stream) {
  CUDA_MEMCPY3D c;
  memset(&c, 0, sizeof c);
  c.srcXInBytes = p->srcXInBytes;
  c.srcY = p->srcY;
  c.srcMemoryType = p->srcMemoryType;
  c.srcHost = p->srcHost;
  c.srcDevice = p->srcDevice;
  c.srcArray = p->srcArray;
  c.srcPitch = p->srcPitch;
  c.dstXInBytes = p->dstXInBytes;
  c.dstY = p->dstY;
  c.dstMemoryType = p->dstMemoryType;
  c.dstHost = p->dstHost;
  c.dstDevice = p->dstDevice;
  c.dstArray = p->dstArray;
  c.dstPitch = p->dstPitch;
  c.WidthInBytes = p->WidthInBytes;
  c.Height = p->Height;
  c.Depth = 1;
  if (c.Height == 0) return CUDA_SUCCESS;
  return drv_copy_3d(&c, stream);
}

/* Linear copies to and from an array: offsets in bytes within its row-major storage. */
static CUresult copy_linear(CUarray a, size_t offset, void *host, size_t count, bool to_array) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!drv_array_valid(a)) return CUDA_ERROR_INVALID_HANDLE;
  size_t total = a->slice * a->slices;
  if (offset > total || count > total - offset || (count && !host)) return CUDA_ERROR_INVALID_VALUE;
  if (to_array)
    memmove(a->data + offset, host, count);
  else
    memmove(host, a->data + offset, count);
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemcpyHtoA_v2(CUarray dstArray, size_t dstOffset, const void *srcHost, size_t ByteCount) {
  return copy_linear(dstArray, dstOffset, (void *)srcHost, ByteCount, true);
}
CU_API CUresult CUDAAPI cuMemcpyAtoH_v2(void *dstHost, CUarray srcArray, size_t srcOffset, size_t ByteCount) {
  return copy_linear(srcArray, srcOffset, dstHost, ByteCount, false);
}
CU_API CUresult CUDAAPI cuMemcpyDtoA_v2(CUarray dstArray, size_t dstOffset, CUdeviceptr srcDevice, size_t ByteCount) {
  return copy_linear(dstArray, dstOffset, (void *)(uintptr_t)srcDevice, ByteCount, true);
}
CU_API CUresult CUDAAPI cuMemcpyAtoD_v2(CUdeviceptr dstDevice, CUarray srcArray, size_t srcOffset, size_t ByteCount) {
  return copy_linear(srcArray, srcOffset, (void *)(uintptr_t)dstDevice, ByteCount, false);
}
