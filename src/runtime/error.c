/* runtime: the last-error state and error strings. The last error is per host thread;
 * cudaGetLastError clears it, except for the sticky errors a kernel fault leaves, which
 * stay until cudaDeviceReset, as CUDA documents ("the error is sticky ... the process
 * must be terminated or the device reset"). */
#include "runtime_internal.h"

static __thread cudaError_t last_error = cudaSuccess;

static const struct {
  cudaError_t code;
  const char *name;
  const char *string;
} errors[] = {
#define X(name, string) {name, #name, string},
#include "errors.def"
#undef X
};

static bool is_known(int code) {
  for (size_t i = 0; i < ARRAY_LEN(errors); i++)
    if ((int)errors[i].code == code) return true;
  return false;
}

/* Driver and runtime codes share their numbers for every error both define. */
cudaError_t rt_error(CUresult r) {
  if (r == CUDA_SUCCESS) return cudaSuccess;
  return is_known((int)r) ? (cudaError_t)r : cudaErrorUnknown;
}

static bool is_sticky(cudaError_t e) {
  switch (e) {
  case cudaErrorIllegalAddress:
  case cudaErrorLaunchFailure:
  case cudaErrorAssert:
  case cudaErrorMisalignedAddress:
  case cudaErrorIllegalInstruction:
  case cudaErrorHardwareStackError:
  case cudaErrorInvalidPc:
  case cudaErrorInvalidAddressSpace:
  case cudaErrorLaunchTimeout:
  case cudaErrorECCUncorrectable: return true;
  default: return false;
  }
}

cudaError_t rt_set(cudaError_t e) {
  if (e != cudaSuccess) last_error = e;
  return e;
}

cudaError_t rt_set_in(const char *api, cudaError_t e) {
  if (e != cudaSuccess) LOG(LOG_API, "%s: %s (%s)", api, cudaGetErrorName(e), cudaGetErrorString(e));
  return rt_set(e);
}

void rt_clear_sticky(void) { last_error = cudaSuccess; }

RT_API cudaError_t CUDARTAPI cudaGetLastError(void) {
  cudaError_t e = last_error;
  if (!is_sticky(e)) last_error = cudaSuccess;
  return e;
}

RT_API cudaError_t CUDARTAPI cudaPeekAtLastError(void) { return last_error; }

RT_API const char *CUDARTAPI cudaGetErrorName(cudaError_t error) {
  for (size_t i = 0; i < ARRAY_LEN(errors); i++)
    if (errors[i].code == error) return errors[i].name;
  return "unrecognized error code";
}

RT_API const char *CUDARTAPI cudaGetErrorString(cudaError_t error) {
  for (size_t i = 0; i < ARRAY_LEN(errors); i++)
    if (errors[i].code == error) return errors[i].string;
  return "unrecognized error code";
}

/* The body of every stub in stubs.c: the call is named in the log and fails the way
 * CUDA reports a feature the device lacks. */
int rt_stub_unsupported(const char *api);
int rt_stub_unsupported(const char *api) {
  log_error("%s is not supported by ptxvm", api);
  rt_set(cudaErrorNotSupported);
  return cudaErrorNotSupported;
}

/* cudaGetDriverEntryPoint: the driver's own cuGetProcAddress answers. */
RT_API cudaError_t CUDARTAPI cudaGetDriverEntryPointByVersion(const char *symbol, void **funcPtr,
                                                             unsigned int cudaVersion,
                                                             unsigned long long flags,
                                                             enum cudaDriverEntryPointQueryResult *driverStatus) {
  if (!symbol || !funcPtr) RT_RETURN(cudaErrorInvalidValue);
  cudaError_t e = rt_init();
  if (e != cudaSuccess) RT_RETURN(e);
  CUdriverProcAddressQueryResult status = CU_GET_PROC_ADDRESS_SUCCESS;
  cuuint64_t cu_flags = 0;
  if (flags & cudaEnablePerThreadDefaultStream) cu_flags |= CU_GET_PROC_ADDRESS_PER_THREAD_DEFAULT_STREAM;
  CUresult r = cuGetProcAddress_v2(symbol, funcPtr, (int)cudaVersion, cu_flags, &status);
  if (driverStatus) *driverStatus = (enum cudaDriverEntryPointQueryResult)status;
  if (r == CUDA_ERROR_NOT_FOUND) return cudaSuccess; /* reported through driverStatus */
  RT_RETURN(rt_error(r));
}

RT_API cudaError_t CUDARTAPI cudaGetDriverEntryPoint(const char *symbol, void **funcPtr,
                                                    unsigned long long flags,
                                                    enum cudaDriverEntryPointQueryResult *driverStatus) {
  return cudaGetDriverEntryPointByVersion(symbol, funcPtr, CUDART_VERSION, flags, driverStatus);
}
