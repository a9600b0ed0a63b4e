/* runtime: CUDA arrays, on the driver's (src/driver/array.c). A cudaArray_t is the
 * driver's CUarray; channel descriptors become CUarray formats, and every copy to or from
 * an array becomes one cuMemcpy3D. */
#include <string.h>

#include "runtime_internal.h"

#define RT_CONTEXT()                                                                      \
  do {                                                                                    \
    CUcontext ctx_;                                                                       \
    cudaError_t e_ = rt_context(&ctx_);                                                   \
    if (e_ != cudaSuccess) RT_RETURN(e_);                                                 \
  } while (0)

/* A channel descriptor as a CUarray format and channel count: channels x, y, z, w in
 * order, all of the same width (what CUDA arrays allow). */
cudaError_t rt_channel_to_format(const struct cudaChannelFormatDesc *d, CUarray_format *format,
                                 unsigned *channels) {
  int bits[4] = {d->x, d->y, d->z, d->w};
  unsigned n = 0;
  while (n < 4 && bits[n] > 0) n++;
  for (unsigned i = n; i < 4; i++)
    if (bits[i] != 0) return cudaErrorInvalidChannelDescriptor;
  if (n == 0 || n == 3) return cudaErrorInvalidChannelDescriptor;
  for (unsigned i = 1; i < n; i++)
    if (bits[i] != bits[0]) return cudaErrorInvalidChannelDescriptor;
  int b = bits[0];
  switch (d->f) {
  case cudaChannelFormatKindSigned:
    *format = b == 8 ? CU_AD_FORMAT_SIGNED_INT8 : b == 16 ? CU_AD_FORMAT_SIGNED_INT16 : CU_AD_FORMAT_SIGNED_INT32;
    if (b != 8 && b != 16 && b != 32) return cudaErrorInvalidChannelDescriptor;
    break;
  case cudaChannelFormatKindUnsigned:
    *format = b == 8 ? CU_AD_FORMAT_UNSIGNED_INT8 : b == 16 ? CU_AD_FORMAT_UNSIGNED_INT16 : CU_AD_FORMAT_UNSIGNED_INT32;
    if (b != 8 && b != 16 && b != 32) return cudaErrorInvalidChannelDescriptor;
    break;
  case cudaChannelFormatKindFloat:
    if (b != 16 && b != 32) return cudaErrorInvalidChannelDescriptor;
    *format = b == 16 ? CU_AD_FORMAT_HALF : CU_AD_FORMAT_FLOAT;
    break;
  default:
    log_error("channel format kind %d is not supported by ptxvm (signed, unsigned and float are)", (int)d->f);
    return cudaErrorNotSupported;
  }
  *channels = n;
  return cudaSuccess;
}

struct cudaChannelFormatDesc rt_format_to_channel(CUarray_format f, unsigned channels) {
  struct cudaChannelFormatDesc d;
  memset(&d, 0, sizeof d);
  int bits = 0;
  switch (f) {
  case CU_AD_FORMAT_UNSIGNED_INT8: bits = 8; d.f = cudaChannelFormatKindUnsigned; break;
  case CU_AD_FORMAT_UNSIGNED_INT16: bits = 16; d.f = cudaChannelFormatKindUnsigned; break;
  case CU_AD_FORMAT_UNSIGNED_INT32: bits = 32; d.f = cudaChannelFormatKindUnsigned; break;
  case CU_AD_FORMAT_SIGNED_INT8: bits = 8; d.f = cudaChannelFormatKindSigned; break;
  case CU_AD_FORMAT_SIGNED_INT16: bits = 16; d.f = cudaChannelFormatKindSigned; break;
  case CU_AD_FORMAT_SIGNED_INT32: bits = 32; d.f = cudaChannelFormatKindSigned; break;
  case CU_AD_FORMAT_HALF: bits = 16; d.f = cudaChannelFormatKindFloat; break;
  default: bits = 32; d.f = cudaChannelFormatKindFloat; break;
  }
  d.x = bits;
  d.y = channels > 1 ? bits : 0;
  d.z = channels > 2 ? bits : 0;
  d.w = channels > 3 ? bits : 0;
  return d;
}

static cudaError_t array_create(cudaArray_t *array, const struct cudaChannelFormatDesc *desc, size_t w, size_t h,
                                size_t d, unsigned flags) {
  if (!array || !desc) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  CUDA_ARRAY3D_DESCRIPTOR ad;
  memset(&ad, 0, sizeof ad);
  cudaError_t e = rt_channel_to_format(desc, &ad.Format, &ad.NumChannels);
  if (e != cudaSuccess) RT_RETURN(e);
  if (flags & ~(unsigned)(cudaArrayLayered | cudaArraySurfaceLoadStore | cudaArrayCubemap | cudaArrayTextureGather)) {
    log_error("CUDA array flags 0x%x are not supported by ptxvm", flags);
    RT_RETURN(cudaErrorNotSupported);
  }
  ad.Width = w;
  ad.Height = h;
  ad.Depth = d;
  ad.Flags = flags; /* cudaArray* flags have the CUDA_ARRAY3D_* values */
  CUarray a = NULL;
  CUresult r = cuArray3DCreate_v2(&a, &ad);
  if (r != CUDA_SUCCESS) RT_RETURN(rt_error(r));
  *array = (cudaArray_t)a;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaMallocArray(cudaArray_t *array, const struct cudaChannelFormatDesc *desc,
                                             size_t width, size_t height, unsigned int flags) {
  return array_create(array, desc, width, height, 0, flags);
}

RT_API cudaError_t CUDARTAPI cudaMalloc3DArray(cudaArray_t *array, const struct cudaChannelFormatDesc *desc,
                                               struct cudaExtent extent, unsigned int flags) {
  return array_create(array, desc, extent.width, extent.height, extent.depth, flags);
}

RT_API cudaError_t CUDARTAPI cudaFreeArray(cudaArray_t array) {
  RT_CONTEXT();
  if (!array) return cudaSuccess;
  RT_RETURN(rt_error(cuArrayDestroy((CUarray)array)));
}

static cudaError_t array_descriptor(cudaArray_const_t array, CUDA_ARRAY3D_DESCRIPTOR *ad) {
  CUresult r = cuArray3DGetDescriptor_v2(ad, (CUarray)array);
  return r == CUDA_SUCCESS ? cudaSuccess : r == CUDA_ERROR_INVALID_HANDLE ? cudaErrorInvalidResourceHandle : rt_error(r);
}

RT_API cudaError_t CUDARTAPI cudaArrayGetInfo(struct cudaChannelFormatDesc *desc, struct cudaExtent *extent,
                                              unsigned int *flags, cudaArray_t array) {
  RT_CONTEXT();
  CUDA_ARRAY3D_DESCRIPTOR ad;
  cudaError_t e = array_descriptor(array, &ad);
  if (e != cudaSuccess) RT_RETURN(e);
  if (desc) *desc = rt_format_to_channel(ad.Format, ad.NumChannels);
  if (extent) {
    extent->width = ad.Width;
    extent->height = ad.Height;
    extent->depth = ad.Depth;
  }
  if (flags) *flags = ad.Flags;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaGetChannelDesc(struct cudaChannelFormatDesc *desc, cudaArray_const_t array) {
  if (!desc) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  CUDA_ARRAY3D_DESCRIPTOR ad;
  cudaError_t e = array_descriptor(array, &ad);
  if (e != cudaSuccess) RT_RETURN(e);
  *desc = rt_format_to_channel(ad.Format, ad.NumChannels);
  return cudaSuccess;
}

/* Bytes of one element of an array (0 and an error if it is not one). */
static cudaError_t element_size(cudaArray_const_t array, size_t *size) {
  CUDA_ARRAY3D_DESCRIPTOR ad;
  cudaError_t e = array_descriptor(array, &ad);
  if (e != cudaSuccess) return e;
  struct cudaChannelFormatDesc d = rt_format_to_channel(ad.Format, ad.NumChannels);
  *size = (size_t)(d.x / 8) * ad.NumChannels;
  return cudaSuccess;
}

/* The side of a copy that is linear memory: host or device by the copy kind. */
static void linear_side(CUmemorytype *type, const void **host, CUdeviceptr *dev, const void *p,
                        enum cudaMemcpyKind kind, bool is_src) {
  bool device;
  switch (kind) {
  case cudaMemcpyHostToHost: device = false; break;
  case cudaMemcpyHostToDevice: device = !is_src; break;
  case cudaMemcpyDeviceToHost: device = is_src; break;
  case cudaMemcpyDeviceToDevice: device = true; break;
  default: device = true; break; /* cudaMemcpyDefault: one address space */
  }
  *type = device ? CU_MEMORYTYPE_DEVICE : CU_MEMORYTYPE_HOST;
  *host = device ? NULL : p;
  *dev = device ? (CUdeviceptr)(uintptr_t)p : 0;
}

static cudaError_t rt_copy3d_driver(const CUDA_MEMCPY3D *c, cudaStream_t stream) {
  CUresult r = cuMemcpy3DAsync_v2(c, (CUstream)stream);
  if (r == CUDA_ERROR_INVALID_HANDLE) return cudaErrorInvalidResourceHandle;
  return rt_error(r);
}

/* cudaMemcpy3D with an array on one side or both (memory.c sends those here): positions
 * and the extent count elements of the array, not bytes. */
cudaError_t rt_copy_3d_array(const struct cudaMemcpy3DParms *p, cudaStream_t stream) {
  size_t elem = 0;
  cudaError_t e = element_size(p->srcArray ? p->srcArray : p->dstArray, &elem);
  if (e != cudaSuccess) return e;
  if (p->srcArray && p->dstArray) {
    size_t other = 0;
    if ((e = element_size(p->dstArray, &other)) != cudaSuccess) return e;
    if (other != elem) return cudaErrorInvalidValue;
  }
  CUDA_MEMCPY3D c;
  memset(&c, 0, sizeof c);
  if (p->srcArray) {
    c.srcMemoryType = CU_MEMORYTYPE_ARRAY;
    c.srcArray = (CUarray)p->srcArray;
    c.srcXInBytes = p->srcPos.x * elem;
  } else {
    linear_side(&c.srcMemoryType, &c.srcHost, &c.srcDevice, p->srcPtr.ptr, p->kind, true);
    c.srcPitch = p->srcPtr.pitch;
    c.srcHeight = p->srcPtr.ysize;
    c.srcXInBytes = p->srcPos.x;
  }
  c.srcY = p->srcPos.y;
  c.srcZ = p->srcPos.z;
  const void *dst_host = NULL;
  if (p->dstArray) {
    c.dstMemoryType = CU_MEMORYTYPE_ARRAY;
    c.dstArray = (CUarray)p->dstArray;
    c.dstXInBytes = p->dstPos.x * elem;
  } else {
    linear_side(&c.dstMemoryType, &dst_host, &c.dstDevice, p->dstPtr.ptr, p->kind, false);
    c.dstHost = (void *)dst_host;
    c.dstPitch = p->dstPtr.pitch;
    c.dstHeight = p->dstPtr.ysize;
    c.dstXInBytes = p->dstPos.x;
  }
  c.dstY = p->dstPos.y;
  c.dstZ = p->dstPos.z;
  c.WidthInBytes = p->extent.width * elem;
  c.Height = p->extent.height;
  c.Depth = p->extent.depth;
  if (!c.WidthInBytes || !c.Height || !c.Depth) return cudaSuccess;
  return rt_copy3d_driver(&c, stream);
}

/* A 2D copy in bytes where either side may be an array (offsets into arrays in bytes and
 * rows, as the cudaMemcpy2D*Array calls take them). */
static cudaError_t copy_2d(cudaArray_const_t dst_array, size_t dx, size_t dy, void *dst, size_t dpitch,
                           cudaArray_const_t src_array, size_t sx, size_t sy, const void *src, size_t spitch,
                           size_t width, size_t height, enum cudaMemcpyKind kind, cudaStream_t stream) {
  RT_CONTEXT();
  if (rt_capturing(stream)) {
    /* A graph node holds cudaMemcpy3DParms, which count array positions and the extent
     * in elements. */
    size_t elem = 0;
    cudaError_t e = element_size(src_array ? src_array : dst_array, &elem);
    if (e != cudaSuccess) RT_RETURN(e);
    if (width % elem || sx % elem || dx % elem) RT_RETURN(cudaErrorInvalidValue);
    struct cudaMemcpy3DParms p;
    memset(&p, 0, sizeof p);
    p.srcArray = (cudaArray_t)src_array;
    p.srcPos = (struct cudaPos){src_array ? sx / elem : sx, sy, 0};
    if (!src_array) p.srcPtr = (struct cudaPitchedPtr){(void *)src, spitch, width, height};
    p.dstArray = (cudaArray_t)dst_array;
    p.dstPos = (struct cudaPos){dst_array ? dx / elem : dx, dy, 0};
    if (!dst_array) p.dstPtr = (struct cudaPitchedPtr){dst, dpitch, width, height};
    p.extent = (struct cudaExtent){width / elem, height, 1};
    p.kind = kind;
    RT_RETURN(rt_capture_copy_3d(stream, &p));
  }
  CUDA_MEMCPY3D c;
  memset(&c, 0, sizeof c);
  if (src_array) {
    c.srcMemoryType = CU_MEMORYTYPE_ARRAY;
    c.srcArray = (CUarray)src_array;
  } else {
    if (!src) RT_RETURN(cudaErrorInvalidValue);
    linear_side(&c.srcMemoryType, &c.srcHost, &c.srcDevice, src, kind, true);
    c.srcPitch = spitch;
  }
  if (dst_array) {
    c.dstMemoryType = CU_MEMORYTYPE_ARRAY;
    c.dstArray = (CUarray)dst_array;
  } else {
    if (!dst) RT_RETURN(cudaErrorInvalidValue);
    const void *h = NULL;
    linear_side(&c.dstMemoryType, &h, &c.dstDevice, dst, kind, false);
    c.dstHost = (void *)h;
    c.dstPitch = dpitch;
  }
  if ((!src_array && spitch < width) || (!dst_array && dpitch < width)) RT_RETURN(cudaErrorInvalidPitchValue);
  c.srcXInBytes = sx;
  c.srcY = sy;
  c.dstXInBytes = dx;
  c.dstY = dy;
  c.WidthInBytes = width;
  c.Height = height;
  c.Depth = 1;
  if (!width || !height) return cudaSuccess;
  RT_RETURN(rt_copy3d_driver(&c, stream));
}

RT_API cudaError_t CUDARTAPI cudaMemcpy2DToArray(cudaArray_t dst, size_t wOffset, size_t hOffset, const void *src,
                                                 size_t spitch, size_t width, size_t height,
                                                 enum cudaMemcpyKind kind) {
  return copy_2d(dst, wOffset, hOffset, NULL, 0, NULL, 0, 0, src, spitch, width, height, kind, NULL);
}
RT_ALIAS(cudaMemcpy2DToArray_ptds, cudaMemcpy2DToArray);

RT_API cudaError_t CUDARTAPI cudaMemcpy2DToArrayAsync(cudaArray_t dst, size_t wOffset, size_t hOffset,
                                                      const void *src, size_t spitch, size_t width, size_t height,
                                                      enum cudaMemcpyKind kind, cudaStream_t stream) {
  return copy_2d(dst, wOffset, hOffset, NULL, 0, NULL, 0, 0, src, spitch, width, height, kind, stream);
}
RT_ALIAS(cudaMemcpy2DToArrayAsync_ptsz, cudaMemcpy2DToArrayAsync);

RT_API cudaError_t CUDARTAPI cudaMemcpy2DFromArray(void *dst, size_t dpitch, cudaArray_const_t src, size_t wOffset,
                                                   size_t hOffset, size_t width, size_t height,
                                                   enum cudaMemcpyKind kind) {
  return copy_2d(NULL, 0, 0, dst, dpitch, src, wOffset, hOffset, NULL, 0, width, height, kind, NULL);
}
RT_ALIAS(cudaMemcpy2DFromArray_ptds, cudaMemcpy2DFromArray);

RT_API cudaError_t CUDARTAPI cudaMemcpy2DFromArrayAsync(void *dst, size_t dpitch, cudaArray_const_t src,
                                                        size_t wOffset, size_t hOffset, size_t width, size_t height,
                                                        enum cudaMemcpyKind kind, cudaStream_t stream) {
  return copy_2d(NULL, 0, 0, dst, dpitch, src, wOffset, hOffset, NULL, 0, width, height, kind, stream);
}
RT_ALIAS(cudaMemcpy2DFromArrayAsync_ptsz, cudaMemcpy2DFromArrayAsync);

RT_API cudaError_t CUDARTAPI cudaMemcpy2DArrayToArray(cudaArray_t dst, size_t wOffsetDst, size_t hOffsetDst,
                                                      cudaArray_const_t src, size_t wOffsetSrc, size_t hOffsetSrc,
                                                      size_t width, size_t height, enum cudaMemcpyKind kind) {
  return copy_2d(dst, wOffsetDst, hOffsetDst, NULL, 0, src, wOffsetSrc, hOffsetSrc, NULL, 0, width, height, kind,
                 NULL);
}
RT_ALIAS(cudaMemcpy2DArrayToArray_ptds, cudaMemcpy2DArrayToArray);

/* Deprecated in CUDA's headers, still imported by programs. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

/* The deprecated 1D forms: `count` bytes starting at (wOffset bytes, hOffset rows),
 * continuing row after row as CUDA does. */
static cudaError_t copy_linear(cudaArray_const_t array, size_t wOffset, size_t hOffset, void *mem, size_t count,
                               bool to_array) {
  RT_CONTEXT();
  CUDA_ARRAY3D_DESCRIPTOR ad;
  cudaError_t e = array_descriptor(array, &ad);
  if (e != cudaSuccess) RT_RETURN(e);
  size_t elem = 0;
  if ((e = element_size(array, &elem)) != cudaSuccess) RT_RETURN(e);
  size_t offset = hOffset * ad.Width * elem + wOffset;
  CUresult r = to_array ? cuMemcpyHtoA_v2((CUarray)array, offset, mem, count)
                        : cuMemcpyAtoH_v2(mem, (CUarray)array, offset, count);
  RT_RETURN(rt_error(r));
}

RT_API cudaError_t CUDARTAPI cudaMemcpyToArray(cudaArray_t dst, size_t wOffset, size_t hOffset, const void *src,
                                               size_t count, enum cudaMemcpyKind kind) {
  (void)kind;
  return copy_linear(dst, wOffset, hOffset, (void *)src, count, true);
}
RT_ALIAS(cudaMemcpyToArray_ptds, cudaMemcpyToArray);

RT_API cudaError_t CUDARTAPI cudaMemcpyToArrayAsync(cudaArray_t dst, size_t wOffset, size_t hOffset,
                                                    const void *src, size_t count, enum cudaMemcpyKind kind,
                                                    cudaStream_t stream) {
  (void)kind;
  (void)stream;
  return copy_linear(dst, wOffset, hOffset, (void *)src, count, true);
}
RT_ALIAS(cudaMemcpyToArrayAsync_ptsz, cudaMemcpyToArrayAsync);

RT_API cudaError_t CUDARTAPI cudaMemcpyFromArray(void *dst, cudaArray_const_t src, size_t wOffset, size_t hOffset,
                                                 size_t count, enum cudaMemcpyKind kind) {
  (void)kind;
  return copy_linear(src, wOffset, hOffset, dst, count, false);
}
RT_ALIAS(cudaMemcpyFromArray_ptds, cudaMemcpyFromArray);

RT_API cudaError_t CUDARTAPI cudaMemcpyFromArrayAsync(void *dst, cudaArray_const_t src, size_t wOffset,
                                                      size_t hOffset, size_t count, enum cudaMemcpyKind kind,
                                                      cudaStream_t stream) {
  (void)kind;
  (void)stream;
  return copy_linear(src, wOffset, hOffset, dst, count, false);
}
RT_ALIAS(cudaMemcpyFromArrayAsync_ptsz, cudaMemcpyFromArrayAsync);

/* ---- 3D pitched linear memory (cudaMalloc3D), the usual partner of 3D array copies. ---- */

RT_API cudaError_t CUDARTAPI cudaMalloc3D(struct cudaPitchedPtr *pitchedDevPtr, struct cudaExtent extent) {
  if (!pitchedDevPtr) RT_RETURN(cudaErrorInvalidValue);
  size_t rows = extent.height * extent.depth;
  void *p = NULL;
  size_t pitch = extent.width;
  if (extent.width && rows) {
    cudaError_t e = cudaMallocPitch(&p, &pitch, extent.width, rows);
    if (e != cudaSuccess) return e;
  }
  pitchedDevPtr->ptr = p;
  pitchedDevPtr->pitch = pitch;
  pitchedDevPtr->xsize = extent.width;
  pitchedDevPtr->ysize = extent.height;
  return cudaSuccess;
}

/* Sets extent.width bytes of extent.height rows in extent.depth slices of ysize rows. */
RT_API cudaError_t CUDARTAPI cudaMemset3DAsync(struct cudaPitchedPtr pitchedDevPtr, int value, struct cudaExtent extent,
                                               cudaStream_t stream) {
  if (!extent.width || !extent.height || !extent.depth) return cudaSuccess;
  if (!pitchedDevPtr.ptr || pitchedDevPtr.pitch < extent.width) RT_RETURN(cudaErrorInvalidValue);
  size_t slice = pitchedDevPtr.pitch * (pitchedDevPtr.ysize ? pitchedDevPtr.ysize : extent.height);
  for (size_t z = 0; z < extent.depth; z++) {
    cudaError_t e = cudaMemset2DAsync((char *)pitchedDevPtr.ptr + z * slice, pitchedDevPtr.pitch, value, extent.width,
                                      extent.height, stream);
    if (e != cudaSuccess) return e;
  }
  return cudaSuccess;
}
RT_ALIAS(cudaMemset3DAsync_ptsz, cudaMemset3DAsync);

RT_API cudaError_t CUDARTAPI cudaMemset3D(struct cudaPitchedPtr pitchedDevPtr, int value, struct cudaExtent extent) {
  return cudaMemset3DAsync(pitchedDevPtr, value, extent, NULL);
}
RT_ALIAS(cudaMemset3D_ptds, cudaMemset3D);
