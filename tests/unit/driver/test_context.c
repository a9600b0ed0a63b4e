/* Driver API: the context stack and primary contexts. */
#include <cuda.h>

#include "test.h"

TEST(context_stack) {
  cuInit(0);
  CUcontext a = NULL, b = NULL, cur = NULL, popped = NULL;
  CHECK_EQ_INT(cuCtxCreate(&a, NULL, 0, 0), CUDA_SUCCESS);
  CHECK(a != NULL);
  CHECK_EQ_INT(cuCtxGetCurrent(&cur), CUDA_SUCCESS);
  CHECK(cur == a);
  CHECK_EQ_INT(cuCtxCreate(&b, NULL, 0, 0), CUDA_SUCCESS);
  CHECK_EQ_INT(cuCtxGetCurrent(&cur), CUDA_SUCCESS);
  CHECK(cur == b);
  CHECK_EQ_INT(cuCtxPopCurrent(&popped), CUDA_SUCCESS);
  CHECK(popped == b);
  CHECK_EQ_INT(cuCtxGetCurrent(&cur), CUDA_SUCCESS);
  CHECK(cur == a);
  CHECK_EQ_INT(cuCtxPushCurrent(b), CUDA_SUCCESS);
  CUdevice dev = -1;
  CHECK_EQ_INT(cuCtxGetDevice(&dev), CUDA_SUCCESS);
  CHECK_EQ_INT(dev, 0);
  unsigned ver = 0;
  CHECK_EQ_INT(cuCtxGetApiVersion(b, &ver), CUDA_SUCCESS);
  CHECK(ver >= 3020);
  CHECK_EQ_INT(cuCtxSynchronize(), CUDA_SUCCESS);
  /* Destroying the current context unbinds it; the handle is dead from then on. */
  CHECK_EQ_INT(cuCtxDestroy(b), CUDA_SUCCESS);
  CHECK_EQ_INT(cuCtxGetCurrent(&cur), CUDA_SUCCESS);
  CHECK(cur == a);
  CHECK_EQ_INT(cuCtxPushCurrent(b), CUDA_ERROR_INVALID_CONTEXT);
  CHECK_EQ_INT(cuCtxDestroy(b), CUDA_ERROR_INVALID_CONTEXT);
  CHECK_EQ_INT(cuCtxDestroy(a), CUDA_SUCCESS);
  CHECK_EQ_INT(cuCtxGetCurrent(&cur), CUDA_SUCCESS);
  CHECK(cur == NULL);
  CHECK_EQ_INT(cuCtxSynchronize(), CUDA_ERROR_INVALID_CONTEXT);
  CHECK_EQ_INT(cuCtxPopCurrent(&popped), CUDA_ERROR_INVALID_CONTEXT);
  CHECK_EQ_INT(cuCtxCreate(&a, NULL, 0, 7), CUDA_ERROR_INVALID_DEVICE);
}

TEST(context_primary) {
  cuInit(0);
  unsigned flags = 99;
  int active = 1;
  CHECK_EQ_INT(cuDevicePrimaryCtxGetState(0, &flags, &active), CUDA_SUCCESS);
  CHECK_EQ_INT(active, 0);
  CUcontext p1 = NULL, p2 = NULL, cur = NULL;
  CHECK_EQ_INT(cuDevicePrimaryCtxRetain(&p1, 0), CUDA_SUCCESS);
  CHECK_EQ_INT(cuDevicePrimaryCtxRetain(&p2, 0), CUDA_SUCCESS);
  CHECK(p1 && p1 == p2);
  CHECK_EQ_INT(cuDevicePrimaryCtxGetState(0, &flags, &active), CUDA_SUCCESS);
  CHECK_EQ_INT(active, 1);
  CHECK_EQ_INT(cuCtxSetCurrent(p1), CUDA_SUCCESS);
  CHECK_EQ_INT(cuCtxGetCurrent(&cur), CUDA_SUCCESS);
  CHECK(cur == p1);
  CHECK_EQ_INT(cuCtxDestroy(p1), CUDA_ERROR_INVALID_CONTEXT); /* primaries are released */
  CHECK_EQ_INT(cuDevicePrimaryCtxRelease(0), CUDA_SUCCESS);
  CHECK_EQ_INT(cuDevicePrimaryCtxGetState(0, &flags, &active), CUDA_SUCCESS);
  CHECK_EQ_INT(active, 1);
  CHECK_EQ_INT(cuDevicePrimaryCtxRelease(0), CUDA_SUCCESS);
  CHECK_EQ_INT(cuDevicePrimaryCtxGetState(0, &flags, &active), CUDA_SUCCESS);
  CHECK_EQ_INT(active, 0);
  CHECK_EQ_INT(cuDevicePrimaryCtxRelease(0), CUDA_ERROR_INVALID_CONTEXT);
  CHECK_EQ_INT(cuCtxSynchronize(), CUDA_ERROR_INVALID_CONTEXT); /* still bound, but inactive */
  CHECK_EQ_INT(cuCtxSetCurrent(NULL), CUDA_SUCCESS);
  CHECK_EQ_INT(cuDevicePrimaryCtxSetFlags(0, CU_CTX_SCHED_BLOCKING_SYNC), CUDA_SUCCESS);
  CHECK_EQ_INT(cuDevicePrimaryCtxGetState(0, &flags, &active), CUDA_SUCCESS);
  CHECK_EQ_INT(flags, CU_CTX_SCHED_BLOCKING_SYNC);
  CHECK_EQ_INT(cuDevicePrimaryCtxReset(0), CUDA_SUCCESS);
}
