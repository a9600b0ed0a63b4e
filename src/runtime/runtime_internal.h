/* runtime: private state of libcudart.so.13, shared by its API-family files. The runtime
 * is built only on the public driver API (cuda.h), as NVIDIA's is, and uses each
 * device's primary context, so a program mixing both APIs sees one context. */
#ifndef PTXVM_RUNTIME_INTERNAL_H
#define PTXVM_RUNTIME_INTERNAL_H

#include <cuda.h>
#include <cuda_runtime_api.h>
#include <pthread.h>

#include "base.h"

#define RT_API __attribute__((visibility("default")))
/* Another exported name for the function just defined (the _ptds/_ptsz variants: our
 * work is synchronous, so the per-thread default stream behaves as the legacy one). */
#define RT_ALIAS(other_name, target)                                                      \
  extern __typeof__(target) other_name __attribute__((alias(#target), visibility("default")))

#define RT_MAX_DEVICES 64

/* ---- registration.c: what nvcc's start-up code registers. ---- */
typedef struct RtModuleRef {
  CUcontext ctx;
  CUmodule mod;      /* NULL when loading failed */
  cudaError_t error; /* why it failed, reported again on each use */
} RtModuleRef;

typedef struct RtFatbin {
  const void *wrapper; /* first: the handle nvcc stores is a pointer to this */
  VEC(RtModuleRef) mods;
  bool unregistered;
} RtFatbin;

typedef struct RtFuncRef {
  CUcontext ctx;
  CUfunction func;
} RtFuncRef;

typedef struct RtKernel {
  const void *host_fun; /* the host stub nvcc generated */
  char *name;           /* the PTX entry name (mangled) */
  RtFatbin *fatbin;
  VEC(RtFuncRef) funcs;
  int max_dynamic_shared; /* cudaFuncSetAttribute, -1 = not set */
  int carveout;           /* -1 = not set */
} RtKernel;

typedef struct RtVar {
  const void *host_var; /* the host shadow variable */
  char *name;           /* the PTX variable name */
  RtFatbin *fatbin;
  size_t size;
  bool managed;
  void **managed_ptr;   /* managed: where the host's pointer to the storage lives */
} RtVar;

extern pthread_mutex_t rt_lock; /* registration tables and their caches */

RtKernel *rt_kernel_find(const void *host_fun); /* NULL when not registered */
RtVar *rt_var_find(const void *host_var);       /* NULL when not registered */
/* The kernel's CUfunction in the current context, loading its module on first use. */
cudaError_t rt_kernel_function(RtKernel *k, CUfunction *out);
/* The device address and size of a registered variable in the current context. */
cudaError_t rt_var_address(RtVar *v, void **addr, size_t *size);
/* Forgets the modules and functions loaded in ctx (before a reset destroys them). */
void rt_forget_context(CUcontext ctx);

/* ---- device.c ---- */
/* Initialises the driver once; the current context for this thread's device (its
 * primary context, retained on first use), made current. */
cudaError_t rt_init(void);
cudaError_t rt_context(CUcontext *out);
int rt_current_device(void);

/* ---- launch.c, memory.c: the operations graphs replay ---- */
cudaError_t rt_launch(RtKernel *k, dim3 grid, dim3 block, void **args, size_t shared, cudaStream_t stream);
cudaError_t rt_copy(void *dst, const void *src, size_t count, enum cudaMemcpyKind kind, cudaStream_t stream);
cudaError_t rt_copy_3d(const struct cudaMemcpy3DParms *p, cudaStream_t stream);
cudaError_t rt_memset_2d(const struct cudaMemsetParams *p, cudaStream_t stream);

/* ---- graph.c: stream capture. Work issued to a capturing stream becomes graph nodes. ---- */
bool rt_capturing(cudaStream_t s);
cudaError_t rt_capture_kernel(cudaStream_t s, RtKernel *k, dim3 grid, dim3 block, void **args, size_t shared);
cudaError_t rt_capture_copy(cudaStream_t s, void *dst, const void *src, size_t count, enum cudaMemcpyKind kind);
cudaError_t rt_capture_copy_3d(cudaStream_t s, const struct cudaMemcpy3DParms *p);
cudaError_t rt_capture_memset(cudaStream_t s, const struct cudaMemsetParams *p);
cudaError_t rt_capture_host(cudaStream_t s, cudaHostFn_t fn, void *user);
void rt_capture_event_record(cudaEvent_t e, cudaStream_t s); /* e now marks s's capture, or none */
bool rt_capture_event_wait(cudaStream_t s, cudaEvent_t e);  /* true: s joined e's capture */

/* ---- error.c ---- */
cudaError_t rt_error(CUresult r);      /* the runtime's code for a driver result */
cudaError_t rt_set(cudaError_t e);     /* records e as the last error (unless success) */
/* rt_set, and with PTXVM_LOG=api a line naming the call that failed. */
cudaError_t rt_set_in(const char *api, cudaError_t e);
void rt_clear_sticky(void);           /* cudaDeviceReset: the last error starts over */
#define RT_RETURN(e) return rt_set_in(__func__, (e))

/* ---- array.c: CUDA arrays on the driver's; texture.c shares the format mapping. ---- */
cudaError_t rt_channel_to_format(const struct cudaChannelFormatDesc *d, CUarray_format *format, unsigned *channels);
struct cudaChannelFormatDesc rt_format_to_channel(CUarray_format f, unsigned channels);
cudaError_t rt_copy_3d_array(const struct cudaMemcpy3DParms *p, cudaStream_t stream); /* an array on a side */

#endif
