/* runtime: streams and events, on the driver's (work is synchronous, so streams are
 * always idle and events complete when recorded). */
#include "runtime_internal.h"

#define RT_CONTEXT()                                                                      \
  do {                                                                                    \
    CUcontext ctx_;                                                                       \
    cudaError_t e_ = rt_context(&ctx_);                                                   \
    if (e_ != cudaSuccess) RT_RETURN(e_);                                                 \
  } while (0)

RT_API cudaError_t CUDARTAPI cudaStreamCreate(cudaStream_t *pStream) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuStreamCreate((CUstream *)pStream, 0)));
}

RT_API cudaError_t CUDARTAPI cudaStreamCreateWithFlags(cudaStream_t *pStream, unsigned int flags) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuStreamCreate((CUstream *)pStream, flags)));
}

RT_API cudaError_t CUDARTAPI cudaStreamCreateWithPriority(cudaStream_t *pStream, unsigned int flags,
                                                         int priority) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuStreamCreateWithPriority((CUstream *)pStream, flags, priority)));
}

RT_API cudaError_t CUDARTAPI cudaStreamDestroy(cudaStream_t stream) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuStreamDestroy_v2((CUstream)stream)));
}

RT_API cudaError_t CUDARTAPI cudaStreamSynchronize(cudaStream_t stream) {
  RT_CONTEXT();
  if (rt_capturing(stream)) RT_RETURN(cudaErrorStreamCaptureUnsupported);
  RT_RETURN(rt_error(cuStreamSynchronize((CUstream)stream)));
}
RT_ALIAS(cudaStreamSynchronize_ptsz, cudaStreamSynchronize);

RT_API cudaError_t CUDARTAPI cudaStreamQuery(cudaStream_t stream) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuStreamQuery((CUstream)stream)));
}
RT_ALIAS(cudaStreamQuery_ptsz, cudaStreamQuery);

RT_API cudaError_t CUDARTAPI cudaStreamWaitEvent(cudaStream_t stream, cudaEvent_t event, unsigned int flags) {
  RT_CONTEXT();
  if (rt_capture_event_wait(stream, event)) return cudaSuccess; /* joined a capture */
  RT_RETURN(rt_error(cuStreamWaitEvent((CUstream)stream, (CUevent)event, flags)));
}
RT_ALIAS(cudaStreamWaitEvent_ptsz, cudaStreamWaitEvent);

RT_API cudaError_t CUDARTAPI cudaStreamGetFlags(cudaStream_t hStream, unsigned int *flags) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuStreamGetFlags((CUstream)hStream, flags)));
}
RT_ALIAS(cudaStreamGetFlags_ptsz, cudaStreamGetFlags);

RT_API cudaError_t CUDARTAPI cudaStreamGetPriority(cudaStream_t hStream, int *priority) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuStreamGetPriority((CUstream)hStream, priority)));
}
RT_ALIAS(cudaStreamGetPriority_ptsz, cudaStreamGetPriority);

RT_API cudaError_t CUDARTAPI cudaStreamIsCapturing(cudaStream_t stream, enum cudaStreamCaptureStatus *pCaptureStatus) {
  RT_CONTEXT();
  if (pCaptureStatus && rt_capturing(stream)) {
    *pCaptureStatus = cudaStreamCaptureStatusActive;
    return cudaSuccess;
  }
  RT_RETURN(rt_error(cuStreamIsCapturing((CUstream)stream, (CUstreamCaptureStatus *)pCaptureStatus)));
}
RT_ALIAS(cudaStreamIsCapturing_ptsz, cudaStreamIsCapturing);

RT_API cudaError_t CUDARTAPI cudaStreamAddCallback(cudaStream_t stream, cudaStreamCallback_t callback,
                                                  void *userData, unsigned int flags) {
  RT_CONTEXT();
  if (!callback || flags) RT_RETURN(cudaErrorInvalidValue);
  CUresult r = cuStreamQuery((CUstream)stream);
  if (r == CUDA_ERROR_INVALID_HANDLE) RT_RETURN(cudaErrorInvalidResourceHandle);
  callback(stream, rt_error(r), userData); /* everything before it has completed */
  return cudaSuccess;
}
RT_ALIAS(cudaStreamAddCallback_ptsz, cudaStreamAddCallback);

RT_API cudaError_t CUDARTAPI cudaLaunchHostFunc(cudaStream_t stream, cudaHostFn_t fn, void *userData) {
  RT_CONTEXT();
  if (fn && rt_capturing(stream)) RT_RETURN(rt_capture_host(stream, fn, userData));
  RT_RETURN(rt_error(cuLaunchHostFunc((CUstream)stream, (CUhostFn)fn, userData)));
}
RT_ALIAS(cudaLaunchHostFunc_ptsz, cudaLaunchHostFunc);

RT_API cudaError_t CUDARTAPI cudaStreamAttachMemAsync(cudaStream_t stream, void *devPtr, size_t length,
                                                     unsigned int flags) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuStreamAttachMemAsync((CUstream)stream, (CUdeviceptr)(uintptr_t)devPtr, length, flags)));
}
RT_ALIAS(cudaStreamAttachMemAsync_ptsz, cudaStreamAttachMemAsync);

/* ---- Events. ---- */

RT_API cudaError_t CUDARTAPI cudaEventCreate(cudaEvent_t *event) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuEventCreate((CUevent *)event, 0)));
}

RT_API cudaError_t CUDARTAPI cudaEventCreateWithFlags(cudaEvent_t *event, unsigned int flags) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuEventCreate((CUevent *)event, flags)));
}

RT_API cudaError_t CUDARTAPI cudaEventDestroy(cudaEvent_t event) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuEventDestroy_v2((CUevent)event)));
}

RT_API cudaError_t CUDARTAPI cudaEventRecord(cudaEvent_t event, cudaStream_t stream) {
  RT_CONTEXT();
  rt_capture_event_record(event, stream);
  if (rt_capturing(stream)) return cudaSuccess; /* marks a point of the capture */
  RT_RETURN(rt_error(cuEventRecord((CUevent)event, (CUstream)stream)));
}
RT_ALIAS(cudaEventRecord_ptsz, cudaEventRecord);

RT_API cudaError_t CUDARTAPI cudaEventRecordWithFlags(cudaEvent_t event, cudaStream_t stream, unsigned int flags) {
  RT_CONTEXT();
  rt_capture_event_record(event, stream);
  if (rt_capturing(stream)) return cudaSuccess;
  RT_RETURN(rt_error(cuEventRecordWithFlags((CUevent)event, (CUstream)stream, flags)));
}
RT_ALIAS(cudaEventRecordWithFlags_ptsz, cudaEventRecordWithFlags);

RT_API cudaError_t CUDARTAPI cudaEventSynchronize(cudaEvent_t event) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuEventSynchronize((CUevent)event)));
}

RT_API cudaError_t CUDARTAPI cudaEventQuery(cudaEvent_t event) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuEventQuery((CUevent)event)));
}

RT_API cudaError_t CUDARTAPI cudaEventElapsedTime(float *ms, cudaEvent_t start, cudaEvent_t end) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuEventElapsedTime_v2(ms, (CUevent)start, (CUevent)end)));
}

RT_API cudaError_t CUDARTAPI cudaStreamGetId(cudaStream_t hStream, unsigned long long *streamId) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuStreamGetId((CUstream)hStream, streamId)));
}
RT_ALIAS(cudaStreamGetId_ptsz, cudaStreamGetId);

RT_API cudaError_t CUDARTAPI cudaStreamGetDevice(cudaStream_t hStream, int *device) {
  RT_CONTEXT();
  RT_RETURN(rt_error(cuStreamGetDevice((CUstream)hStream, device)));
}
RT_ALIAS(cudaStreamGetDevice_ptsz, cudaStreamGetDevice);
