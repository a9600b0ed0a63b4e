/* runtime: texture and surface objects, translated to the driver's (src/driver/texture.c).
 * cudaTextureObject_t and CUtexObject are the same value. */
#include <string.h>

#include "runtime_internal.h"

#define RT_CONTEXT()                                                                      \
  do {                                                                                    \
    CUcontext ctx_;                                                                       \
    cudaError_t e_ = rt_context(&ctx_);                                                   \
    if (e_ != cudaSuccess) RT_RETURN(e_);                                                 \
  } while (0)

static cudaError_t resource_to_driver(const struct cudaResourceDesc *in, CUDA_RESOURCE_DESC *out) {
  memset(out, 0, sizeof *out);
  if (in->flags) return cudaErrorInvalidValue;
  switch (in->resType) {
  case cudaResourceTypeArray:
    out->resType = CU_RESOURCE_TYPE_ARRAY;
    out->res.array.hArray = (CUarray)in->res.array.array;
    return cudaSuccess;
  case cudaResourceTypeLinear:
    out->resType = CU_RESOURCE_TYPE_LINEAR;
    out->res.linear.devPtr = (CUdeviceptr)(uintptr_t)in->res.linear.devPtr;
    out->res.linear.sizeInBytes = in->res.linear.sizeInBytes;
    return rt_channel_to_format(&in->res.linear.desc, &out->res.linear.format, &out->res.linear.numChannels);
  case cudaResourceTypePitch2D:
    out->resType = CU_RESOURCE_TYPE_PITCH2D;
    out->res.pitch2D.devPtr = (CUdeviceptr)(uintptr_t)in->res.pitch2D.devPtr;
    out->res.pitch2D.width = in->res.pitch2D.width;
    out->res.pitch2D.height = in->res.pitch2D.height;
    out->res.pitch2D.pitchInBytes = in->res.pitch2D.pitchInBytes;
    return rt_channel_to_format(&in->res.pitch2D.desc, &out->res.pitch2D.format, &out->res.pitch2D.numChannels);
  case cudaResourceTypeMipmappedArray:
    log_error("texture objects on mipmapped arrays are not supported by ptxvm");
    return cudaErrorNotSupported;
  default: return cudaErrorInvalidValue;
  }
}

static void resource_from_driver(const CUDA_RESOURCE_DESC *in, struct cudaResourceDesc *out) {
  memset(out, 0, sizeof *out);
  switch (in->resType) {
  case CU_RESOURCE_TYPE_ARRAY:
    out->resType = cudaResourceTypeArray;
    out->res.array.array = (cudaArray_t)in->res.array.hArray;
    break;
  case CU_RESOURCE_TYPE_LINEAR:
    out->resType = cudaResourceTypeLinear;
    out->res.linear.devPtr = (void *)(uintptr_t)in->res.linear.devPtr;
    out->res.linear.sizeInBytes = in->res.linear.sizeInBytes;
    out->res.linear.desc = rt_format_to_channel(in->res.linear.format, in->res.linear.numChannels);
    break;
  default:
    out->resType = cudaResourceTypePitch2D;
    out->res.pitch2D.devPtr = (void *)(uintptr_t)in->res.pitch2D.devPtr;
    out->res.pitch2D.width = in->res.pitch2D.width;
    out->res.pitch2D.height = in->res.pitch2D.height;
    out->res.pitch2D.pitchInBytes = in->res.pitch2D.pitchInBytes;
    out->res.pitch2D.desc = rt_format_to_channel(in->res.pitch2D.format, in->res.pitch2D.numChannels);
    break;
  }
}

static cudaError_t object_error(CUresult r) {
  return r == CUDA_ERROR_INVALID_HANDLE ? cudaErrorInvalidResourceHandle : rt_error(r);
}

RT_API cudaError_t CUDARTAPI cudaCreateTextureObject(cudaTextureObject_t *pTexObject,
                                                     const struct cudaResourceDesc *pResDesc,
                                                     const struct cudaTextureDesc *pTexDesc,
                                                     const struct cudaResourceViewDesc *pResViewDesc) {
  if (!pTexObject || !pResDesc || !pTexDesc) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  if (pResViewDesc && pResViewDesc->format != cudaResViewFormatNone) {
    log_error("cudaCreateTextureObject with a resource view is not supported by ptxvm");
    RT_RETURN(cudaErrorNotSupported);
  }
  CUDA_RESOURCE_DESC res;
  cudaError_t e = resource_to_driver(pResDesc, &res);
  if (e != cudaSuccess) RT_RETURN(e);
  CUDA_TEXTURE_DESC tex;
  memset(&tex, 0, sizeof tex);
  for (int d = 0; d < 3; d++) tex.addressMode[d] = (CUaddress_mode)pTexDesc->addressMode[d];
  tex.filterMode = (CUfilter_mode)pTexDesc->filterMode;
  if (pTexDesc->readMode == cudaReadModeElementType) tex.flags |= CU_TRSF_READ_AS_INTEGER;
  if (pTexDesc->normalizedCoords) tex.flags |= CU_TRSF_NORMALIZED_COORDINATES;
  if (pTexDesc->sRGB) tex.flags |= CU_TRSF_SRGB;
  tex.maxAnisotropy = pTexDesc->maxAnisotropy;
  tex.mipmapFilterMode = (CUfilter_mode)pTexDesc->mipmapFilterMode;
  tex.mipmapLevelBias = pTexDesc->mipmapLevelBias;
  tex.minMipmapLevelClamp = pTexDesc->minMipmapLevelClamp;
  tex.maxMipmapLevelClamp = pTexDesc->maxMipmapLevelClamp;
  memcpy(tex.borderColor, pTexDesc->borderColor, sizeof tex.borderColor);
  CUtexObject t = 0;
  CUresult r = cuTexObjectCreate(&t, &res, &tex, NULL);
  if (r != CUDA_SUCCESS) RT_RETURN(object_error(r));
  *pTexObject = (cudaTextureObject_t)t;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaDestroyTextureObject(cudaTextureObject_t texObject) {
  RT_CONTEXT();
  if (!texObject) return cudaSuccess;
  RT_RETURN(object_error(cuTexObjectDestroy((CUtexObject)texObject)));
}

RT_API cudaError_t CUDARTAPI cudaGetTextureObjectResourceDesc(struct cudaResourceDesc *pResDesc,
                                                              cudaTextureObject_t texObject) {
  if (!pResDesc) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  CUDA_RESOURCE_DESC res;
  CUresult r = cuTexObjectGetResourceDesc(&res, (CUtexObject)texObject);
  if (r != CUDA_SUCCESS) RT_RETURN(object_error(r));
  resource_from_driver(&res, pResDesc);
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaGetTextureObjectTextureDesc(struct cudaTextureDesc *pTexDesc,
                                                             cudaTextureObject_t texObject) {
  if (!pTexDesc) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  CUDA_TEXTURE_DESC tex;
  CUresult r = cuTexObjectGetTextureDesc(&tex, (CUtexObject)texObject);
  if (r != CUDA_SUCCESS) RT_RETURN(object_error(r));
  memset(pTexDesc, 0, sizeof *pTexDesc);
  for (int d = 0; d < 3; d++) pTexDesc->addressMode[d] = (enum cudaTextureAddressMode)tex.addressMode[d];
  pTexDesc->filterMode = (enum cudaTextureFilterMode)tex.filterMode;
  pTexDesc->readMode = (tex.flags & CU_TRSF_READ_AS_INTEGER) ? cudaReadModeElementType : cudaReadModeNormalizedFloat;
  pTexDesc->normalizedCoords = (tex.flags & CU_TRSF_NORMALIZED_COORDINATES) != 0;
  pTexDesc->sRGB = (tex.flags & CU_TRSF_SRGB) != 0;
  pTexDesc->maxAnisotropy = tex.maxAnisotropy;
  pTexDesc->mipmapFilterMode = (enum cudaTextureFilterMode)tex.mipmapFilterMode;
  pTexDesc->mipmapLevelBias = tex.mipmapLevelBias;
  pTexDesc->minMipmapLevelClamp = tex.minMipmapLevelClamp;
  pTexDesc->maxMipmapLevelClamp = tex.maxMipmapLevelClamp;
  memcpy(pTexDesc->borderColor, tex.borderColor, sizeof tex.borderColor);
  return cudaSuccess;
}

/* No resource views: the view is the resource itself (format "none"). */
RT_API cudaError_t CUDARTAPI cudaGetTextureObjectResourceViewDesc(struct cudaResourceViewDesc *pResViewDesc,
                                                                  cudaTextureObject_t texObject) {
  if (!pResViewDesc) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  CUDA_RESOURCE_DESC res;
  CUresult r = cuTexObjectGetResourceDesc(&res, (CUtexObject)texObject);
  if (r != CUDA_SUCCESS) RT_RETURN(object_error(r));
  memset(pResViewDesc, 0, sizeof *pResViewDesc);
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaCreateSurfaceObject(cudaSurfaceObject_t *pSurfObject,
                                                     const struct cudaResourceDesc *pResDesc) {
  if (!pSurfObject || !pResDesc) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  if (pResDesc->resType != cudaResourceTypeArray) RT_RETURN(cudaErrorInvalidValue);
  CUDA_RESOURCE_DESC res;
  cudaError_t e = resource_to_driver(pResDesc, &res);
  if (e != cudaSuccess) RT_RETURN(e);
  CUsurfObject s = 0;
  CUresult r = cuSurfObjectCreate(&s, &res);
  if (r != CUDA_SUCCESS) RT_RETURN(object_error(r));
  *pSurfObject = (cudaSurfaceObject_t)s;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaDestroySurfaceObject(cudaSurfaceObject_t surfObject) {
  RT_CONTEXT();
  if (!surfObject) return cudaSuccess;
  RT_RETURN(object_error(cuSurfObjectDestroy((CUsurfObject)surfObject)));
}

RT_API cudaError_t CUDARTAPI cudaGetSurfaceObjectResourceDesc(struct cudaResourceDesc *pResDesc,
                                                              cudaSurfaceObject_t surfObject) {
  if (!pResDesc) RT_RETURN(cudaErrorInvalidValue);
  RT_CONTEXT();
  CUDA_RESOURCE_DESC res;
  CUresult r = cuSurfObjectGetResourceDesc(&res, (CUsurfObject)surfObject);
  if (r != CUDA_SUCCESS) RT_RETURN(object_error(r));
  resource_from_driver(&res, pResDesc);
  return cudaSuccess;
}
