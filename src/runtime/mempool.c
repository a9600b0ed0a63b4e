/* runtime: memory pools. Stream-ordered allocation is synchronous here (cudaMallocAsync
 * is cudaMalloc), so a pool only keeps its attributes: release thresholds and reuse
 * policies are accepted and read back; usage counters read as zero, since memory goes
 * back to the host allocator when freed. Cross-process pools (export/import) are not
 * supported (stubs.c). */
#include "runtime_internal.h"

enum { POOL_MAGIC = 0x504f4f4cu };

struct CUmemPoolHandle_st {
  uint32_t magic;
  int device;
  int reuse[4];             /* cudaMemPoolReuse* (1..3) */
  unsigned long long threshold; /* cudaMemPoolAttrReleaseThreshold */
};

static struct CUmemPoolHandle_st default_pools[RT_MAX_DEVICES];
static cudaMemPool_t current_pools[RT_MAX_DEVICES];

static bool pool_valid(cudaMemPool_t p) { return p && p->magic == POOL_MAGIC; }

static cudaError_t check_device(int device) {
  int count = 0;
  cudaError_t e = rt_init();
  if (e != cudaSuccess) return e;
  cuDeviceGetCount(&count);
  return device >= 0 && device < count && device < RT_MAX_DEVICES ? cudaSuccess : cudaErrorInvalidDevice;
}

static cudaMemPool_t default_pool(int device) {
  struct CUmemPoolHandle_st *p = &default_pools[device];
  if (!p->magic) {
    p->magic = POOL_MAGIC;
    p->device = device;
    for (int i = 1; i < 4; i++) p->reuse[i] = 1;
  }
  return p;
}

RT_API cudaError_t CUDARTAPI cudaDeviceGetDefaultMemPool(cudaMemPool_t *memPool, int device) {
  if (!memPool) RT_RETURN(cudaErrorInvalidValue);
  cudaError_t e = check_device(device);
  if (e != cudaSuccess) RT_RETURN(e);
  pthread_mutex_lock(&rt_lock);
  *memPool = default_pool(device);
  pthread_mutex_unlock(&rt_lock);
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaDeviceGetMemPool(cudaMemPool_t *memPool, int device) {
  if (!memPool) RT_RETURN(cudaErrorInvalidValue);
  cudaError_t e = check_device(device);
  if (e != cudaSuccess) RT_RETURN(e);
  pthread_mutex_lock(&rt_lock);
  *memPool = current_pools[device] ? current_pools[device] : default_pool(device);
  pthread_mutex_unlock(&rt_lock);
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaDeviceSetMemPool(int device, cudaMemPool_t memPool) {
  cudaError_t e = check_device(device);
  if (e != cudaSuccess) RT_RETURN(e);
  if (!pool_valid(memPool) || memPool->device != device) RT_RETURN(cudaErrorInvalidValue);
  pthread_mutex_lock(&rt_lock);
  current_pools[device] = memPool;
  pthread_mutex_unlock(&rt_lock);
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaMemPoolCreate(cudaMemPool_t *memPool, const struct cudaMemPoolProps *poolProps) {
  if (!memPool || !poolProps) RT_RETURN(cudaErrorInvalidValue);
  if (poolProps->allocType != cudaMemAllocationTypePinned ||
      poolProps->location.type != cudaMemLocationTypeDevice)
    RT_RETURN(cudaErrorInvalidValue);
  cudaError_t e = check_device(poolProps->location.id);
  if (e != cudaSuccess) RT_RETURN(e);
  if (poolProps->handleTypes != cudaMemHandleTypeNone) {
    log_error("memory pools shared between processes are not supported by ptxvm");
    RT_RETURN(cudaErrorNotSupported);
  }
  struct CUmemPoolHandle_st *p = xcalloc(1, sizeof *p);
  p->magic = POOL_MAGIC;
  p->device = poolProps->location.id;
  for (int i = 1; i < 4; i++) p->reuse[i] = 1;
  *memPool = p;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaMemPoolDestroy(cudaMemPool_t memPool) {
  if (!pool_valid(memPool) || (memPool >= default_pools && memPool < default_pools + RT_MAX_DEVICES))
    RT_RETURN(cudaErrorInvalidValue);
  pthread_mutex_lock(&rt_lock);
  for (int i = 0; i < RT_MAX_DEVICES; i++)
    if (current_pools[i] == memPool) current_pools[i] = NULL;
  pthread_mutex_unlock(&rt_lock);
  memPool->magic = 0; /* kept: allocations from it may still be freed */
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaMemPoolSetAttribute(cudaMemPool_t memPool, enum cudaMemPoolAttr attr, void *value) {
  if (!pool_valid(memPool) || !value) RT_RETURN(cudaErrorInvalidValue);
  switch (attr) {
  case cudaMemPoolReuseFollowEventDependencies:
  case cudaMemPoolReuseAllowOpportunistic:
  case cudaMemPoolReuseAllowInternalDependencies: memPool->reuse[attr] = *(int *)value; return cudaSuccess;
  case cudaMemPoolAttrReleaseThreshold: memPool->threshold = *(unsigned long long *)value; return cudaSuccess;
  case cudaMemPoolAttrReservedMemHigh:
  case cudaMemPoolAttrUsedMemHigh:
    if (*(unsigned long long *)value != 0) RT_RETURN(cudaErrorInvalidValue); /* may only be reset */
    return cudaSuccess;
  default: RT_RETURN(cudaErrorInvalidValue);
  }
}

RT_API cudaError_t CUDARTAPI cudaMemPoolGetAttribute(cudaMemPool_t memPool, enum cudaMemPoolAttr attr, void *value) {
  if (!pool_valid(memPool) || !value) RT_RETURN(cudaErrorInvalidValue);
  switch (attr) {
  case cudaMemPoolReuseFollowEventDependencies:
  case cudaMemPoolReuseAllowOpportunistic:
  case cudaMemPoolReuseAllowInternalDependencies: *(int *)value = memPool->reuse[attr]; return cudaSuccess;
  case cudaMemPoolAttrReleaseThreshold: *(unsigned long long *)value = memPool->threshold; return cudaSuccess;
  case cudaMemPoolAttrReservedMemCurrent:
  case cudaMemPoolAttrReservedMemHigh:
  case cudaMemPoolAttrUsedMemCurrent:
  case cudaMemPoolAttrUsedMemHigh: *(unsigned long long *)value = 0; return cudaSuccess;
  default: RT_RETURN(cudaErrorInvalidValue);
  }
}

RT_API cudaError_t CUDARTAPI cudaMemPoolTrimTo(cudaMemPool_t memPool, size_t minBytesToKeep) {
  if (!pool_valid(memPool)) RT_RETURN(cudaErrorInvalidValue);
  return cudaSuccess; /* nothing is held back */
}

RT_API cudaError_t CUDARTAPI cudaMemPoolSetAccess(cudaMemPool_t memPool, const struct cudaMemAccessDesc *descList,
                                                 size_t count) {
  if (!pool_valid(memPool) || (count && !descList)) RT_RETURN(cudaErrorInvalidValue);
  return cudaSuccess; /* one address space: every device reaches every pool */
}

RT_API cudaError_t CUDARTAPI cudaMemPoolGetAccess(enum cudaMemAccessFlags *flags, cudaMemPool_t memPool,
                                                 struct cudaMemLocation *location) {
  if (!flags || !pool_valid(memPool) || !location) RT_RETURN(cudaErrorInvalidValue);
  *flags = cudaMemAccessFlagsProtReadWrite;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaMallocFromPoolAsync(void **ptr, size_t size, cudaMemPool_t memPool,
                                                    cudaStream_t stream) {
  if (!pool_valid(memPool)) RT_RETURN(cudaErrorInvalidValue);
  return cudaMallocAsync(ptr, size, stream);
}
RT_ALIAS(cudaMallocFromPoolAsync_ptsz, cudaMallocFromPoolAsync);

/* Persisting-L2 controls: no such cache to manage. */
RT_API cudaError_t CUDARTAPI cudaCtxResetPersistingL2Cache(void) { return cudaSuccess; }

RT_API cudaError_t CUDARTAPI cudaStreamSetAttribute(cudaStream_t stream, cudaStreamAttrID attr,
                                                   const cudaStreamAttrValue *param) {
  if (!param) RT_RETURN(cudaErrorInvalidValue);
  return cudaSuccess; /* access policy windows, priorities, sync policies: hints */
}
RT_ALIAS(cudaStreamSetAttribute_ptsz, cudaStreamSetAttribute);

RT_API cudaError_t CUDARTAPI cudaStreamGetAttribute(cudaStream_t stream, cudaStreamAttrID attr,
                                                   cudaStreamAttrValue *value) {
  if (!value) RT_RETURN(cudaErrorInvalidValue);
  memset(value, 0, sizeof *value);
  return cudaSuccess;
}
RT_ALIAS(cudaStreamGetAttribute_ptsz, cudaStreamGetAttribute);
