/* driver: private state of libcuda.so.1 shared by its API-family files (init, device,
 * context, module, memory, launch, stream, event). The public interface is CUDA's own
 * cuda.h; nothing outside src/driver includes this header. */
#ifndef PTXVM_DRIVER_INTERNAL_H
#define PTXVM_DRIVER_INTERNAL_H

#include <cuda.h>
#include <pthread.h>
#include <stdatomic.h>

#include "base.h"

/* Every cu* entry point is defined with this; everything else in the library is hidden
 * (-fvisibility=hidden and the version script). */
#define CU_API __attribute__((visibility("default")))

/* A second exported name for a function defined just above, as NVIDIA exports the
 * per-thread-default-stream variants (_ptds/_ptsz). Our work is synchronous and in order,
 * so the per-thread default stream behaves as the legacy one. */
#define DRV_ALIAS(other_name, target)                                                     \
  extern __typeof__(target) other_name __attribute__((alias(#target), visibility("default")))

#define DRV_DRIVER_VERSION 13000
#define DRV_MAX_DEVICES 64
#define DRV_CTX_STACK_MAX 64
/* The limits exec enforces (exec.h), repeated so the driver builds before exec exists. */
#define EXEC_MAX_THREADS_PER_BLOCK_DRV 1024u
#define DRV_SHARED_DEFAULT (48u * 1024u)  /* per block without opt-in */
#define DRV_SHARED_OPTIN (227u * 1024u)   /* with CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES */

/* Handles stay allocated after destroy with a dead magic, so a stale handle is reported
 * as CUDA_ERROR_INVALID_HANDLE/CONTEXT instead of touching freed memory. */
enum {
  DRV_MAGIC_CTX = 0x43545821u,
  DRV_MAGIC_MOD = 0x4d4f4421u,
  DRV_MAGIC_FUNC = 0x46554e21u,
  DRV_MAGIC_STREAM = 0x53545221u,
  DRV_MAGIC_EVENT = 0x45564e21u,
  DRV_MAGIC_DEAD = 0xdeadbeefu,
};

typedef struct DrvModuleList {
  struct CUmod_st **data;
  size_t len, cap;
} DrvModuleList;

struct CUctx_st {
  uint32_t magic;
  int device;
  unsigned flags;
  bool is_primary;
  bool active;       /* primary: retained at least once since the last reset */
  atomic_int sticky; /* CUresult of a kernel fault; every later call returns it */
  unsigned id;
  size_t limits[16]; /* CUlimit values set with cuCtxSetLimit */
  pthread_mutex_t lock;
  DrvModuleList modules; /* loaded modules, unloaded with the context */
};

typedef struct DrvDevice {
  struct CUctx_st primary; /* the primary context, embedded: its handle never changes */
  int primary_refs;
  unsigned primary_flags;
} DrvDevice;

typedef struct DrvState {
  int device_count;
  int cc_major, cc_minor;
  unsigned cores;
  size_t total_mem;
  char name[256]; /* "ptxvm CPU (<model>)" */
  int clock_khz;   /* the CPU's clock, from /proc/cpuinfo (1.5 GHz when unknown) */
  int l2_bytes;    /* the CPU's last-level cache, from sysconf */
  DrvDevice devices[DRV_MAX_DEVICES];
  pthread_mutex_t lock; /* contexts, primary refcounts */
} DrvState;

extern DrvState drv;

/* Suffixed versions cuda.h declares only for NVIDIA's own build. */
CUresult CUDAAPI cuCtxCreate_v2(CUcontext *pctx, unsigned int flags, CUdevice dev);
CUresult CUDAAPI cuCtxCreate_v3(CUcontext *pctx, CUexecAffinityParam *paramsArray, int numParams,
                                unsigned int flags, CUdevice dev);

/* ---- init.c ---- */
/* CUDA_SUCCESS once cuInit succeeded, else CUDA_ERROR_NOT_INITIALIZED (or the error
 * cuInit failed with). Every entry point but cuInit/cuDriverGetVersion/error strings
 * starts with it. */
CUresult drv_check_init(void);
/* Logs the name of an API that ptxvm does not implement; returns CUDA_ERROR_NOT_SUPPORTED. */
CUresult drv_unsupported(const char *api);
/* Destroyed handles (contexts, modules, functions, streams, events, links, VMM handles) are
 * never freed, so that a stale handle is detected by its magic. They are kept on one
 * process-wide list: reachable, not leaked, for LeakSanitizer. Thread-safe. */
void drv_keep_dead(void *obj);

/* ---- context.c ---- */
CUcontext drv_ctx_current(void);
bool drv_ctx_valid(CUcontext ctx);
/* The current context, checked: CUDA_ERROR_INVALID_CONTEXT when none, or the context's
 * sticky error. */
CUresult drv_ctx_get(CUcontext *out);
CUresult drv_ctx_sticky(CUcontext ctx); /* CUDA_SUCCESS or the sticky fault */
void drv_ctx_set_sticky(CUcontext ctx, CUresult err);
/* Frees what the context owns (modules, allocations) and clears its sticky error. */
void drv_ctx_release_resources(CUcontext ctx);

/* ---- module.c ---- */
struct CgModule;
struct PtxModule;
struct PtxFunc;

struct CUmod_st {
  uint32_t magic;
  CUcontext ctx;
  char *name;               /* for diagnostics: "module", a file name */
  struct PtxModule *ptx;    /* owns the PTX text and IR */
  struct CgModule *cg;      /* NULL when this build has no code generator */
  Map funcs;                /* name -> struct CUfunc_st* */
  VEC(void *) globals;      /* module variables registered in the allocation map */
};

struct CUfunc_st {
  uint32_t magic;
  CUmodule mod;
  const char *name;         /* owned by the module's PTX arena */
  const struct PtxFunc *func;
  uint32_t nparams;
  uint32_t *param_offsets;  /* heap */
  uint32_t *param_sizes;    /* heap */
  uint32_t param_size;
  uint32_t static_shared;   /* .shared bytes the kernel declares (module + function) */
  uint32_t const_size, local_size, num_regs, max_threads;
  int max_dynamic_shared;   /* CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES */
  int carveout;
};

void drv_print_diags(const DiagSink *d); /* rendered, to stderr, "ptxvm: " first */
bool drv_module_valid(CUmodule mod);
bool drv_func_valid(CUfunction f);
void drv_module_destroy(CUmodule mod); /* unregisters its globals, frees, kills the handle */

/* ---- memory.c: the allocation map (device memory, pinned host memory, module
 * variables), which makes pointer queries and error checks possible on host memory. ---- */
typedef enum DrvMemKind {
  DRV_MEM_DEVICE,  /* cuMemAlloc */
  DRV_MEM_HOST,    /* cuMemAllocHost / cuMemHostAlloc: pinned host memory */
  DRV_MEM_MANAGED, /* cuMemAllocManaged */
  DRV_MEM_GLOBAL,  /* a module's .global/.const variable */
  DRV_MEM_REGISTERED, /* cuMemHostRegister */
  DRV_MEM_MAPPED,  /* cuMemMap of a cuMemCreate allocation (vmm.c) */
} DrvMemKind;

typedef struct DrvAlloc {
  uintptr_t base;
  size_t size;
  DrvMemKind kind;
  CUcontext ctx;
  unsigned flags;
  uint64_t id;
} DrvAlloc;

void drv_alloc_register(void *base, size_t size, DrvMemKind kind, CUcontext ctx, unsigned flags);
void drv_alloc_unregister(void *base);
/* Copies the allocation containing [p, p+len) into *out; false when there is none. */
bool drv_alloc_lookup(uintptr_t p, size_t len, DrvAlloc *out);
void drv_alloc_free_context(CUcontext ctx); /* frees what cuMemAlloc* gave the context */
/* A module with 32-bit addresses (PTX before ISA 2.3 without .address_size, or
 * .address_size 32) was loaded: device and managed allocations from now on lie below
 * 4 GiB, so its kernels' 32-bit pointers reach them. */
void drv_want_low_addresses(void);

/* ---- rdc.c ---- */
/* The PTX of the relocatable translation units (nvcc -rdc=true) of the program or library
 * holding `image`, joined into one module's text for compute capability cc (heap,
 * NUL-terminated). False when there are none. */
bool drv_rdc_link(const void *image, unsigned cc, char **text, size_t *len, DiagSink *d);
/* Links PTX texts as nvcc -rdc units are linked (cuLink* with several PTX inputs).
 * Returns the linked text (malloc'd, *len bytes). What makes the link fail is appended to
 * `errors` ("; "-separated): .extern names no text defines (and ptxvm does not provide),
 * visible symbols defined in more than one text. */
char *drv_ptx_link(const char *const *texts, size_t n, size_t *len, StrBuf *errors);

/* ---- launch.c ---- */
void drv_set_heap_size(size_t bytes); /* device malloc heap, through exec when built */
size_t drv_get_heap_size(void);

/* ---- stream.c ---- */
struct CUstream_st {
  uint32_t magic;
  CUcontext ctx;
  unsigned flags;
  int priority;
  unsigned long long id; /* cuStreamGetId: unique in the process; 0 and 1 are the defaults */
};
/* NULL, CU_STREAM_LEGACY, CU_STREAM_PER_THREAD or a live stream: CUDA_SUCCESS, else
 * CUDA_ERROR_INVALID_HANDLE. */
CUresult drv_stream_check(CUstream s);

/* ---- array.c, texture.c: CUDA arrays (host memory with a descriptor) and texture and
 * surface objects (kernel_abi.h's KTexture, read by exec's sampler). ---- */
struct CUarray_st {
  uint32_t magic;
  CUDA_ARRAY3D_DESCRIPTOR desc;
  uint8_t *data;        /* texel (0,0,0); rows packed, no padding */
  size_t texel_size;    /* bytes */
  size_t pitch;         /* Width * texel_size */
  size_t rows, slices;  /* max(Height,1), max(Depth,1) */
  size_t slice;         /* pitch * rows */
  CUcontext ctx;
};
bool drv_array_valid(CUarray a);
/* The registry of live arrays and texture/surface objects (array.c). */
void drv_object_add(const void *p);
bool drv_object_live(const void *p);
bool drv_object_remove(const void *p); /* false if it was not live */
uint32_t drv_format_bytes(CUarray_format f); /* bytes of one channel; 0 if unsupported */
CUresult drv_copy_3d(const CUDA_MEMCPY3D *p, CUstream stream);
CUresult drv_copy_2d_array(const CUDA_MEMCPY2D *p, CUstream stream); /* either side an array */

#endif
