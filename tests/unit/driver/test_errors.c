/* Driver API: cuGetErrorName / cuGetErrorString for every CUresult. */
#include <cuda.h>
#include <string.h>

#include "test.h"

TEST(error_names_and_strings) {
  const char *s = NULL;
  CHECK_EQ_INT(cuGetErrorName(CUDA_ERROR_INVALID_VALUE, &s), CUDA_SUCCESS);
  CHECK_EQ_STR(s, "CUDA_ERROR_INVALID_VALUE");
  CHECK_EQ_INT(cuGetErrorString(CUDA_ERROR_INVALID_VALUE, &s), CUDA_SUCCESS);
  CHECK_EQ_STR(s, "invalid argument");
  CHECK_EQ_INT(cuGetErrorString(CUDA_SUCCESS, &s), CUDA_SUCCESS);
  CHECK_EQ_STR(s, "no error");
  CHECK_EQ_INT(cuGetErrorString(CUDA_ERROR_ILLEGAL_ADDRESS, &s), CUDA_SUCCESS);
  CHECK_EQ_STR(s, "an illegal memory access was encountered");
  CHECK_EQ_INT(cuGetErrorString(CUDA_ERROR_INVALID_PTX, &s), CUDA_SUCCESS);
  CHECK_EQ_STR(s, "a PTX JIT compilation failed");
  CHECK_EQ_INT(cuGetErrorString(CUDA_ERROR_LAUNCH_FAILED, &s), CUDA_SUCCESS);
  CHECK_EQ_STR(s, "unspecified launch failure");
  CHECK_EQ_INT(cuGetErrorName((CUresult)12345, &s), CUDA_ERROR_INVALID_VALUE);
  CHECK(s == NULL);
  CHECK_EQ_INT(cuGetErrorString(CUDA_SUCCESS, NULL), CUDA_ERROR_INVALID_VALUE);
  /* Every code of the enum, named as the enum names it. */
#define X(code, string)                                                                   \
  do {                                                                                    \
    const char *n_ = NULL, *t_ = NULL;                                                    \
    CHECK_EQ_INT(cuGetErrorName(code, &n_), CUDA_SUCCESS);                                \
    CHECK_EQ_STR(n_, #code);                                                              \
    CHECK_EQ_INT(cuGetErrorString(code, &t_), CUDA_SUCCESS);                              \
    CHECK(t_ && *t_);                                                                     \
  } while (0);
#include "errors.def"
#undef X
}
