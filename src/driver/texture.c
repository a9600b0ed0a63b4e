/* driver: texture and surface objects. A CUtexObject/CUsurfObject is the address of a
 * DrvTexObject, whose first member is the KTexture (kernel_abi.h) that generated code
 * hands to exec's sampler; the descriptors it was made from are kept for the Get*Desc
 * queries. */
#include <string.h>

#include "driver_internal.h"
#include "kernel_abi.h"

typedef struct DrvTexObject {
  KTexture k; /* first: the handle's value is its address */
  CUDA_RESOURCE_DESC res;
  CUDA_TEXTURE_DESC tex;
} DrvTexObject;

static bool format_kind(CUarray_format f, uint32_t *kind) {
  switch (f) {
  case CU_AD_FORMAT_UNSIGNED_INT8:
  case CU_AD_FORMAT_UNSIGNED_INT16:
  case CU_AD_FORMAT_UNSIGNED_INT32: *kind = KTEX_FMT_UNSIGNED; return true;
  case CU_AD_FORMAT_SIGNED_INT8:
  case CU_AD_FORMAT_SIGNED_INT16:
  case CU_AD_FORMAT_SIGNED_INT32: *kind = KTEX_FMT_SIGNED; return true;
  case CU_AD_FORMAT_HALF:
  case CU_AD_FORMAT_FLOAT: *kind = KTEX_FMT_FLOAT; return true;
  default: return false;
  }
}

static CUresult set_format(KTexture *k, CUarray_format f, unsigned channels) {
  if (!format_kind(f, &k->format)) {
    log_error("texture format 0x%x is not supported by ptxvm", (unsigned)f);
    return CUDA_ERROR_NOT_SUPPORTED;
  }
  if (channels != 1 && channels != 2 && channels != 4) return CUDA_ERROR_INVALID_VALUE;
  k->channel_bits = drv_format_bytes(f) * 8;
  k->channels = channels;
  k->texel_size = drv_format_bytes(f) * channels;
  return CUDA_SUCCESS;
}

/* Fills the resource half of a KTexture: where the texels are and their layout. */
static CUresult set_resource(KTexture *k, const CUDA_RESOURCE_DESC *r, bool surface) {
  CUresult e;
  if (r->flags) return CUDA_ERROR_INVALID_VALUE;
  switch (r->resType) {
  case CU_RESOURCE_TYPE_ARRAY: {
    CUarray a = r->res.array.hArray;
    if (!drv_array_valid(a)) return CUDA_ERROR_INVALID_HANDLE;
    if (surface && !(a->desc.Flags & CUDA_ARRAY3D_SURFACE_LDST)) {
      log_error("cuSurfObjectCreate: the array was not created with the surface load/store flag");
      return CUDA_ERROR_INVALID_VALUE;
    }
    if ((e = set_format(k, a->desc.Format, a->desc.NumChannels)) != CUDA_SUCCESS) return e;
    bool layered = a->desc.Flags & (CUDA_ARRAY3D_LAYERED | CUDA_ARRAY3D_CUBEMAP);
    k->data = a->data;
    k->pitch = a->pitch;
    k->slice = a->slice;
    k->width = (uint32_t)a->desc.Width;
    k->height = (uint32_t)a->rows;
    k->depth = layered ? 1 : (uint32_t)a->slices;
    k->layers = layered ? (uint32_t)a->desc.Depth : 0;
    if ((a->desc.Flags & CUDA_ARRAY3D_CUBEMAP) && k->layers) k->layers /= 6;
    return CUDA_SUCCESS;
  }
  case CU_RESOURCE_TYPE_LINEAR:
    if (surface) return CUDA_ERROR_INVALID_VALUE;
    if (!r->res.linear.devPtr) return CUDA_ERROR_INVALID_VALUE;
    if ((e = set_format(k, r->res.linear.format, r->res.linear.numChannels)) != CUDA_SUCCESS) return e;
    k->data = (uint8_t *)(uintptr_t)r->res.linear.devPtr;
    k->width = (uint32_t)(r->res.linear.sizeInBytes / k->texel_size);
    if (r->res.linear.sizeInBytes / k->texel_size > UINT32_MAX) k->width = UINT32_MAX;
    k->height = k->depth = 1;
    k->pitch = r->res.linear.sizeInBytes;
    k->slice = k->pitch;
    k->is_linear = 1;
    return k->width ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
  case CU_RESOURCE_TYPE_PITCH2D:
    if (surface) return CUDA_ERROR_INVALID_VALUE;
    if (!r->res.pitch2D.devPtr) return CUDA_ERROR_INVALID_VALUE;
    if ((e = set_format(k, r->res.pitch2D.format, r->res.pitch2D.numChannels)) != CUDA_SUCCESS) return e;
    if (!r->res.pitch2D.width || !r->res.pitch2D.height ||
        r->res.pitch2D.pitchInBytes < r->res.pitch2D.width * k->texel_size)
      return CUDA_ERROR_INVALID_VALUE;
    k->data = (uint8_t *)(uintptr_t)r->res.pitch2D.devPtr;
    k->width = (uint32_t)r->res.pitch2D.width;
    k->height = (uint32_t)r->res.pitch2D.height;
    k->depth = 1;
    k->pitch = r->res.pitch2D.pitchInBytes;
    k->slice = k->pitch * k->height;
    return CUDA_SUCCESS;
  case CU_RESOURCE_TYPE_MIPMAPPED_ARRAY: return drv_unsupported("texture objects on mipmapped arrays");
  default: return CUDA_ERROR_INVALID_VALUE;
  }
}

static CUresult set_sampling(KTexture *k, const CUDA_TEXTURE_DESC *t) {
  for (unsigned d = 0; d < 3; d++) {
    if ((unsigned)t->addressMode[d] > CU_TR_ADDRESS_MODE_BORDER) return CUDA_ERROR_INVALID_VALUE;
    k->address[d] = (uint32_t)t->addressMode[d]; /* same values as KTexAddress */
  }
  if ((unsigned)t->filterMode > CU_TR_FILTER_MODE_LINEAR) return CUDA_ERROR_INVALID_VALUE;
  k->linear_filter = t->filterMode == CU_TR_FILTER_MODE_LINEAR;
  /* The driver API reads 8/16-bit integer formats as normalized floats unless asked for
   * integers; 32-bit integers are always read as integers. sRGB is ignored. */
  k->read_normalized = !(t->flags & CU_TRSF_READ_AS_INTEGER) && k->format != KTEX_FMT_FLOAT && k->channel_bits < 32;
  k->normalized_coords = (t->flags & CU_TRSF_NORMALIZED_COORDINATES) != 0;
  if (k->linear_filter && k->format != KTEX_FMT_FLOAT && !k->read_normalized) {
    log_error("cuTexObjectCreate: linear filtering needs a float or normalized-float texture");
    return CUDA_ERROR_INVALID_VALUE;
  }
  memcpy(k->border, t->borderColor, sizeof k->border);
  return CUDA_SUCCESS;
}

static DrvTexObject *tex_object(unsigned long long handle, bool surface) {
  DrvTexObject *o = (DrvTexObject *)(uintptr_t)handle;
  if (!o || !drv_object_live(o) || o->k.magic != KTEX_MAGIC || o->k.is_surface != (uint32_t)surface) return NULL;
  return o;
}

CU_API CUresult CUDAAPI cuTexObjectCreate(CUtexObject *pTexObject, const CUDA_RESOURCE_DESC *pResDesc,
                                         const CUDA_TEXTURE_DESC *pTexDesc,
                                         const CUDA_RESOURCE_VIEW_DESC *pResViewDesc) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!pTexObject || !pResDesc || !pTexDesc) return CUDA_ERROR_INVALID_VALUE;
  if (pResViewDesc && pResViewDesc->format != CU_RES_VIEW_FORMAT_NONE)
    return drv_unsupported("cuTexObjectCreate with a resource view");
  DrvTexObject *o = xcalloc(1, sizeof *o);
  if ((r = set_resource(&o->k, pResDesc, false)) != CUDA_SUCCESS ||
      (r = set_sampling(&o->k, pTexDesc)) != CUDA_SUCCESS) {
    free(o);
    return r;
  }
  o->res = *pResDesc;
  o->tex = *pTexDesc;
  o->k.magic = KTEX_MAGIC;
  drv_object_add(o);
  *pTexObject = (CUtexObject)(uintptr_t)o;
  return CUDA_SUCCESS;
}

/* Destroyed objects stay allocated with a dead magic: a kernel that still samples one
 * gets zeros and a warning rather than reading freed memory. */
CU_API CUresult CUDAAPI cuTexObjectDestroy(CUtexObject texObject) {
  DrvTexObject *o = tex_object(texObject, false);
  if (!o) return CUDA_ERROR_INVALID_VALUE;
  drv_object_remove(o);
  o->k.magic = DRV_MAGIC_DEAD;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuTexObjectGetResourceDesc(CUDA_RESOURCE_DESC *pResDesc, CUtexObject texObject) {
  DrvTexObject *o = tex_object(texObject, false);
  if (!o || !pResDesc) return CUDA_ERROR_INVALID_VALUE;
  *pResDesc = o->res;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuTexObjectGetTextureDesc(CUDA_TEXTURE_DESC *pTexDesc, CUtexObject texObject) {
  DrvTexObject *o = tex_object(texObject, false);
  if (!o || !pTexDesc) return CUDA_ERROR_INVALID_VALUE;
  *pTexDesc = o->tex;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuSurfObjectCreate(CUsurfObject *pSurfObject, const CUDA_RESOURCE_DESC *pResDesc) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!pSurfObject || !pResDesc) return CUDA_ERROR_INVALID_VALUE;
  if (pResDesc->resType != CU_RESOURCE_TYPE_ARRAY) return CUDA_ERROR_INVALID_VALUE;
  DrvTexObject *o = xcalloc(1, sizeof *o);
  if ((r = set_resource(&o->k, pResDesc, true)) != CUDA_SUCCESS) {
    free(o);
    return r;
  }
  o->res = *pResDesc;
  o->k.is_surface = 1;
  o->k.magic = KTEX_MAGIC;
  drv_object_add(o);
  *pSurfObject = (CUsurfObject)(uintptr_t)o;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuSurfObjectDestroy(CUsurfObject surfObject) {
  DrvTexObject *o = tex_object(surfObject, true);
  if (!o) return CUDA_ERROR_INVALID_VALUE;
  drv_object_remove(o);
  o->k.magic = DRV_MAGIC_DEAD;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuSurfObjectGetResourceDesc(CUDA_RESOURCE_DESC *pResDesc, CUsurfObject surfObject) {
  DrvTexObject *o = tex_object(surfObject, true);
  if (!o || !pResDesc) return CUDA_ERROR_INVALID_VALUE;
  *pResDesc = o->res;
  return CUDA_SUCCESS;
}
