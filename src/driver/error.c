/* driver: cuGetErrorName / cuGetErrorString with CUDA's exact names and strings for every
 * CUresult (errors.def). */
#include "driver_internal.h"

static const struct {
  CUresult code;
  const char *name;
  const char *string;
} errors[] = {
#define X(name, string) {name, #name, string},
#include "errors.def"
#undef X
};

CU_API CUresult CUDAAPI cuGetErrorName(CUresult error, const char **pStr) {
  if (!pStr) return CUDA_ERROR_INVALID_VALUE;
  for (size_t i = 0; i < ARRAY_LEN(errors); i++) {
    if (errors[i].code == error) {
      *pStr = errors[i].name;
      return CUDA_SUCCESS;
    }
  }
  *pStr = NULL;
  return CUDA_ERROR_INVALID_VALUE;
}

CU_API CUresult CUDAAPI cuGetErrorString(CUresult error, const char **pStr) {
  if (!pStr) return CUDA_ERROR_INVALID_VALUE;
  for (size_t i = 0; i < ARRAY_LEN(errors); i++) {
    if (errors[i].code == error) {
      *pStr = errors[i].string;
      return CUDA_SUCCESS;
    }
  }
  *pStr = NULL;
  return CUDA_ERROR_INVALID_VALUE;
}
