/* runtime: devices. Each host thread has a current device (0 until cudaSetDevice); the
 * runtime works in that device's primary context, retained on first use, unless the
 * thread already has a current context of its own (driver API interoperation). */
#include <cuda_profiler_api.h>

#include "runtime_internal.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static cudaError_t init_error = cudaSuccess;
static int device_count;
static __thread int current_device;
static CUcontext primary[RT_MAX_DEVICES]; /* retained primary contexts; under rt_lock */

static void init_driver(void) {
  CUresult r = cuInit(0);
  if (r == CUDA_SUCCESS) r = cuDeviceGetCount(&device_count);
  if (r != CUDA_SUCCESS) {
    init_error = r == CUDA_ERROR_NO_DEVICE ? cudaErrorNoDevice : rt_error(r);
    device_count = 0;
  }
  if (device_count > RT_MAX_DEVICES) device_count = RT_MAX_DEVICES;
}

cudaError_t rt_init(void) {
  pthread_once(&init_once, init_driver);
  return init_error;
}

int rt_current_device(void) { return current_device; }

/* The primary context of `dev`, retained once per process and made current. */
static cudaError_t bind_primary(int dev, CUcontext *out) {
  pthread_mutex_lock(&rt_lock);
  CUcontext ctx = primary[dev];
  CUresult r = CUDA_SUCCESS;
  if (!ctx) {
    r = cuDevicePrimaryCtxRetain(&ctx, dev);
    if (r == CUDA_SUCCESS) primary[dev] = ctx;
  }
  pthread_mutex_unlock(&rt_lock);
  if (r == CUDA_SUCCESS) r = cuCtxSetCurrent(ctx);
  if (r != CUDA_SUCCESS) return rt_error(r);
  if (out) *out = ctx;
  return cudaSuccess;
}

cudaError_t rt_context(CUcontext *out) {
  cudaError_t e = rt_init();
  if (e != cudaSuccess) return e;
  CUcontext cur = NULL;
  CUdevice dev;
  /* A live current context wins (also one a driver-API user created); a dead one, such
   * as a primary context after cudaDeviceReset, is replaced. */
  if (cuCtxGetCurrent(&cur) == CUDA_SUCCESS && cur && cuCtxGetDevice(&dev) == CUDA_SUCCESS) {
    *out = cur;
    return cudaSuccess;
  }
  return bind_primary(current_device, out);
}

RT_API cudaError_t CUDARTAPI cudaGetDeviceCount(int *count) {
  if (!count) RT_RETURN(cudaErrorInvalidValue);
  cudaError_t e = rt_init();
  *count = device_count;
  RT_RETURN(e);
}

RT_API cudaError_t CUDARTAPI cudaSetDevice(int device) {
  cudaError_t e = rt_init();
  if (e != cudaSuccess) RT_RETURN(e);
  if (device < 0 || device >= device_count) RT_RETURN(cudaErrorInvalidDevice);
  current_device = device;
  RT_RETURN(bind_primary(device, NULL));
}

RT_API cudaError_t CUDARTAPI cudaInitDevice(int device, unsigned int deviceFlags, unsigned int flags) {
  cudaError_t e = rt_init();
  if (e != cudaSuccess) RT_RETURN(e);
  if (device < 0 || device >= device_count) RT_RETURN(cudaErrorInvalidDevice);
  pthread_mutex_lock(&rt_lock);
  CUcontext ctx = primary[device];
  CUresult r = CUDA_SUCCESS;
  if (!ctx) {
    r = cuDevicePrimaryCtxRetain(&ctx, device);
    if (r == CUDA_SUCCESS) primary[device] = ctx;
  }
  pthread_mutex_unlock(&rt_lock);
  RT_RETURN(rt_error(r));
}

RT_API cudaError_t CUDARTAPI cudaGetDevice(int *device) {
  if (!device) RT_RETURN(cudaErrorInvalidValue);
  cudaError_t e = rt_init();
  if (e != cudaSuccess) RT_RETURN(e);
  CUcontext cur = NULL;
  CUdevice dev;
  if (cuCtxGetCurrent(&cur) == CUDA_SUCCESS && cur && cuCtxGetDevice(&dev) == CUDA_SUCCESS)
    *device = dev;
  else
    *device = current_device;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaSetValidDevices(int *device_arr, int len) {
  if (len < 0 || (len > 0 && !device_arr)) RT_RETURN(cudaErrorInvalidValue);
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaChooseDevice(int *device, const struct cudaDeviceProp *prop) {
  if (!device || !prop) RT_RETURN(cudaErrorInvalidValue);
  cudaError_t e = rt_init();
  if (e != cudaSuccess) RT_RETURN(e);
  *device = 0; /* every device is the same CPU */
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaSetDeviceFlags(unsigned int flags) {
  cudaError_t e = rt_init();
  if (e != cudaSuccess) RT_RETURN(e);
  /* cudaDeviceMapHost and the scheduling flags change nothing here. */
  unsigned cu_flags = flags & ~(unsigned)cudaDeviceMapHost & (unsigned)cudaDeviceScheduleMask;
  RT_RETURN(rt_error(cuDevicePrimaryCtxSetFlags_v2(current_device, cu_flags)));
}

RT_API cudaError_t CUDARTAPI cudaGetDeviceFlags(unsigned int *flags) {
  if (!flags) RT_RETURN(cudaErrorInvalidValue);
  cudaError_t e = rt_init();
  if (e != cudaSuccess) RT_RETURN(e);
  unsigned f = 0;
  int active = 0;
  CUresult r = cuDevicePrimaryCtxGetState(current_device, &f, &active);
  *flags = f | cudaDeviceMapHost;
  RT_RETURN(rt_error(r));
}

RT_API cudaError_t CUDARTAPI cudaDeviceSynchronize(void) {
  CUcontext ctx;
  cudaError_t e = rt_context(&ctx);
  if (e != cudaSuccess) RT_RETURN(e);
  RT_RETURN(rt_error(cuCtxSynchronize()));
}

RT_API cudaError_t CUDARTAPI cudaDeviceReset(void) {
  cudaError_t e = rt_init();
  if (e != cudaSuccess) RT_RETURN(e);
  int dev = current_device;
  CUcontext cur = NULL;
  CUdevice cdev;
  if (cuCtxGetCurrent(&cur) == CUDA_SUCCESS && cur && cuCtxGetDevice(&cdev) == CUDA_SUCCESS) dev = cdev;
  pthread_mutex_lock(&rt_lock);
  CUcontext ctx = primary[dev];
  primary[dev] = NULL;
  pthread_mutex_unlock(&rt_lock);
  if (ctx) rt_forget_context(ctx);
  CUresult r = cuDevicePrimaryCtxReset_v2(dev);
  rt_clear_sticky();
  return rt_error(r);
}

RT_API cudaError_t CUDARTAPI cudaRuntimeGetVersion(int *runtimeVersion) {
  if (!runtimeVersion) RT_RETURN(cudaErrorInvalidValue);
  *runtimeVersion = CUDART_VERSION;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaDriverGetVersion(int *driverVersion) {
  if (!driverVersion) RT_RETURN(cudaErrorInvalidValue);
  RT_RETURN(rt_error(cuDriverGetVersion(driverVersion)));
}

/* cudaDeviceAttr and CUdevice_attribute share their values. */
RT_API cudaError_t CUDARTAPI cudaDeviceGetAttribute(int *value, enum cudaDeviceAttr attr, int device) {
  if (!value) RT_RETURN(cudaErrorInvalidValue);
  cudaError_t e = rt_init();
  if (e != cudaSuccess) RT_RETURN(e);
  if (device < 0 || device >= device_count) RT_RETURN(cudaErrorInvalidDevice);
  RT_RETURN(rt_error(cuDeviceGetAttribute(value, (CUdevice_attribute)attr, device)));
}

static int attr(CUdevice_attribute a, int dev) {
  int v = 0;
  cuDeviceGetAttribute(&v, a, dev);
  return v;
}

RT_API cudaError_t CUDARTAPI cudaGetDeviceProperties(struct cudaDeviceProp *prop, int device) {
  if (!prop) RT_RETURN(cudaErrorInvalidValue);
  cudaError_t e = rt_init();
  if (e != cudaSuccess) RT_RETURN(e);
  if (device < 0 || device >= device_count) RT_RETURN(cudaErrorInvalidDevice);
  memset(prop, 0, sizeof *prop);
  int d = device;
  cuDeviceGetName(prop->name, sizeof prop->name, d);
  CUuuid uuid;
  if (cuDeviceGetUuid_v2(&uuid, d) == CUDA_SUCCESS) memcpy(&prop->uuid, &uuid, sizeof uuid);
  cuDeviceTotalMem_v2(&prop->totalGlobalMem, d);
  prop->sharedMemPerBlock = (size_t)attr(CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK, d);
  prop->regsPerBlock = attr(CU_DEVICE_ATTRIBUTE_MAX_REGISTERS_PER_BLOCK, d);
  prop->warpSize = attr(CU_DEVICE_ATTRIBUTE_WARP_SIZE, d);
  prop->memPitch = (size_t)attr(CU_DEVICE_ATTRIBUTE_MAX_PITCH, d);
  prop->maxThreadsPerBlock = attr(CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK, d);
  prop->maxThreadsDim[0] = attr(CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X, d);
  prop->maxThreadsDim[1] = attr(CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_Y, d);
  prop->maxThreadsDim[2] = attr(CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_Z, d);
  prop->maxGridSize[0] = attr(CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X, d);
  prop->maxGridSize[1] = attr(CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Y, d);
  prop->maxGridSize[2] = attr(CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Z, d);
  prop->totalConstMem = (size_t)attr(CU_DEVICE_ATTRIBUTE_TOTAL_CONSTANT_MEMORY, d);
  prop->major = attr(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, d);
  prop->minor = attr(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, d);
  prop->textureAlignment = (size_t)attr(CU_DEVICE_ATTRIBUTE_TEXTURE_ALIGNMENT, d);
  prop->texturePitchAlignment = (size_t)attr(CU_DEVICE_ATTRIBUTE_TEXTURE_PITCH_ALIGNMENT, d);
  prop->multiProcessorCount = attr(CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, d);
  prop->integrated = attr(CU_DEVICE_ATTRIBUTE_INTEGRATED, d);
  prop->canMapHostMemory = attr(CU_DEVICE_ATTRIBUTE_CAN_MAP_HOST_MEMORY, d);
  prop->maxTexture1D = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE1D_WIDTH, d);
  prop->maxTexture1DMipmap = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE1D_MIPMAPPED_WIDTH, d);
  prop->maxTexture2D[0] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_WIDTH, d);
  prop->maxTexture2D[1] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_HEIGHT, d);
  prop->maxTexture2DMipmap[0] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_MIPMAPPED_WIDTH, d);
  prop->maxTexture2DMipmap[1] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_MIPMAPPED_HEIGHT, d);
  prop->maxTexture2DLinear[0] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_LINEAR_WIDTH, d);
  prop->maxTexture2DLinear[1] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_LINEAR_HEIGHT, d);
  prop->maxTexture2DLinear[2] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_LINEAR_PITCH, d);
  prop->maxTexture2DGather[0] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_GATHER_WIDTH, d);
  prop->maxTexture2DGather[1] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_GATHER_HEIGHT, d);
  prop->maxTexture3D[0] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE3D_WIDTH, d);
  prop->maxTexture3D[1] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE3D_HEIGHT, d);
  prop->maxTexture3D[2] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE3D_DEPTH, d);
  prop->maxTexture3DAlt[0] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE3D_WIDTH_ALTERNATE, d);
  prop->maxTexture3DAlt[1] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE3D_HEIGHT_ALTERNATE, d);
  prop->maxTexture3DAlt[2] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE3D_DEPTH_ALTERNATE, d);
  prop->maxTextureCubemap = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURECUBEMAP_WIDTH, d);
  prop->maxTexture1DLayered[0] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE1D_LAYERED_WIDTH, d);
  prop->maxTexture1DLayered[1] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE1D_LAYERED_LAYERS, d);
  prop->maxTexture2DLayered[0] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_LAYERED_WIDTH, d);
  prop->maxTexture2DLayered[1] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_LAYERED_HEIGHT, d);
  prop->maxTexture2DLayered[2] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_LAYERED_LAYERS, d);
  prop->maxTextureCubemapLayered[0] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURECUBEMAP_LAYERED_WIDTH, d);
  prop->maxTextureCubemapLayered[1] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURECUBEMAP_LAYERED_LAYERS, d);
  prop->maxSurface1D = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE1D_WIDTH, d);
  prop->maxSurface2D[0] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE2D_WIDTH, d);
  prop->maxSurface2D[1] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE2D_HEIGHT, d);
  prop->maxSurface3D[0] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE3D_WIDTH, d);
  prop->maxSurface3D[1] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE3D_HEIGHT, d);
  prop->maxSurface3D[2] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE3D_DEPTH, d);
  prop->maxSurface1DLayered[0] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE1D_LAYERED_WIDTH, d);
  prop->maxSurface1DLayered[1] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE1D_LAYERED_LAYERS, d);
  prop->maxSurface2DLayered[0] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE2D_LAYERED_WIDTH, d);
  prop->maxSurface2DLayered[1] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE2D_LAYERED_HEIGHT, d);
  prop->maxSurface2DLayered[2] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE2D_LAYERED_LAYERS, d);
  prop->maxSurfaceCubemap = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACECUBEMAP_WIDTH, d);
  prop->maxSurfaceCubemapLayered[0] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACECUBEMAP_LAYERED_WIDTH, d);
  prop->maxSurfaceCubemapLayered[1] = attr(CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACECUBEMAP_LAYERED_LAYERS, d);
  prop->surfaceAlignment = (size_t)attr(CU_DEVICE_ATTRIBUTE_SURFACE_ALIGNMENT, d);
  prop->concurrentKernels = attr(CU_DEVICE_ATTRIBUTE_CONCURRENT_KERNELS, d);
  prop->ECCEnabled = attr(CU_DEVICE_ATTRIBUTE_ECC_ENABLED, d);
  prop->pciBusID = attr(CU_DEVICE_ATTRIBUTE_PCI_BUS_ID, d);
  prop->pciDeviceID = attr(CU_DEVICE_ATTRIBUTE_PCI_DEVICE_ID, d);
  prop->pciDomainID = attr(CU_DEVICE_ATTRIBUTE_PCI_DOMAIN_ID, d);
  prop->tccDriver = attr(CU_DEVICE_ATTRIBUTE_TCC_DRIVER, d);
  prop->asyncEngineCount = attr(CU_DEVICE_ATTRIBUTE_ASYNC_ENGINE_COUNT, d);
  prop->unifiedAddressing = attr(CU_DEVICE_ATTRIBUTE_UNIFIED_ADDRESSING, d);
  prop->memoryBusWidth = attr(CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH, d);
  prop->l2CacheSize = attr(CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE, d);
  prop->persistingL2CacheMaxSize = attr(CU_DEVICE_ATTRIBUTE_MAX_PERSISTING_L2_CACHE_SIZE, d);
  prop->maxThreadsPerMultiProcessor = attr(CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_MULTIPROCESSOR, d);
  prop->streamPrioritiesSupported = attr(CU_DEVICE_ATTRIBUTE_STREAM_PRIORITIES_SUPPORTED, d);
  prop->globalL1CacheSupported = attr(CU_DEVICE_ATTRIBUTE_GLOBAL_L1_CACHE_SUPPORTED, d);
  prop->localL1CacheSupported = attr(CU_DEVICE_ATTRIBUTE_LOCAL_L1_CACHE_SUPPORTED, d);
  prop->sharedMemPerMultiprocessor = (size_t)attr(CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_MULTIPROCESSOR, d);
  prop->regsPerMultiprocessor = attr(CU_DEVICE_ATTRIBUTE_MAX_REGISTERS_PER_MULTIPROCESSOR, d);
  prop->managedMemory = attr(CU_DEVICE_ATTRIBUTE_MANAGED_MEMORY, d);
  prop->isMultiGpuBoard = attr(CU_DEVICE_ATTRIBUTE_MULTI_GPU_BOARD, d);
  prop->multiGpuBoardGroupID = attr(CU_DEVICE_ATTRIBUTE_MULTI_GPU_BOARD_GROUP_ID, d);
  prop->hostNativeAtomicSupported = attr(CU_DEVICE_ATTRIBUTE_HOST_NATIVE_ATOMIC_SUPPORTED, d);
  prop->pageableMemoryAccess = attr(CU_DEVICE_ATTRIBUTE_PAGEABLE_MEMORY_ACCESS, d);
  prop->concurrentManagedAccess = attr(CU_DEVICE_ATTRIBUTE_CONCURRENT_MANAGED_ACCESS, d);
  prop->computePreemptionSupported = attr(CU_DEVICE_ATTRIBUTE_COMPUTE_PREEMPTION_SUPPORTED, d);
  prop->canUseHostPointerForRegisteredMem = attr(CU_DEVICE_ATTRIBUTE_CAN_USE_HOST_POINTER_FOR_REGISTERED_MEM, d);
  prop->cooperativeLaunch = attr(CU_DEVICE_ATTRIBUTE_COOPERATIVE_LAUNCH, d);
  prop->sharedMemPerBlockOptin = (size_t)attr(CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, d);
  prop->pageableMemoryAccessUsesHostPageTables = attr(CU_DEVICE_ATTRIBUTE_PAGEABLE_MEMORY_ACCESS_USES_HOST_PAGE_TABLES, d);
  prop->directManagedMemAccessFromHost = attr(CU_DEVICE_ATTRIBUTE_DIRECT_MANAGED_MEM_ACCESS_FROM_HOST, d);
  prop->maxBlocksPerMultiProcessor = attr(CU_DEVICE_ATTRIBUTE_MAX_BLOCKS_PER_MULTIPROCESSOR, d);
  prop->accessPolicyMaxWindowSize = attr(CU_DEVICE_ATTRIBUTE_MAX_ACCESS_POLICY_WINDOW_SIZE, d);
  prop->reservedSharedMemPerBlock = (size_t)attr(CU_DEVICE_ATTRIBUTE_RESERVED_SHARED_MEMORY_PER_BLOCK, d);
  prop->hostRegisterSupported = attr(CU_DEVICE_ATTRIBUTE_HOST_REGISTER_SUPPORTED, d);
  prop->sparseCudaArraySupported = attr(CU_DEVICE_ATTRIBUTE_SPARSE_CUDA_ARRAY_SUPPORTED, d);
  prop->hostRegisterReadOnlySupported = attr(CU_DEVICE_ATTRIBUTE_READ_ONLY_HOST_REGISTER_SUPPORTED, d);
  prop->timelineSemaphoreInteropSupported = attr(CU_DEVICE_ATTRIBUTE_TIMELINE_SEMAPHORE_INTEROP_SUPPORTED, d);
  prop->memoryPoolsSupported = attr(CU_DEVICE_ATTRIBUTE_MEMORY_POOLS_SUPPORTED, d);
  prop->gpuDirectRDMASupported = attr(CU_DEVICE_ATTRIBUTE_GPU_DIRECT_RDMA_SUPPORTED, d);
  prop->gpuDirectRDMAFlushWritesOptions = (unsigned)attr(CU_DEVICE_ATTRIBUTE_GPU_DIRECT_RDMA_FLUSH_WRITES_OPTIONS, d);
  prop->gpuDirectRDMAWritesOrdering = attr(CU_DEVICE_ATTRIBUTE_GPU_DIRECT_RDMA_WRITES_ORDERING, d);
  prop->memoryPoolSupportedHandleTypes = (unsigned)attr(CU_DEVICE_ATTRIBUTE_MEMPOOL_SUPPORTED_HANDLE_TYPES, d);
  prop->deferredMappingCudaArraySupported = attr(CU_DEVICE_ATTRIBUTE_DEFERRED_MAPPING_CUDA_ARRAY_SUPPORTED, d);
  prop->ipcEventSupported = attr(CU_DEVICE_ATTRIBUTE_IPC_EVENT_SUPPORTED, d);
  prop->clusterLaunch = attr(CU_DEVICE_ATTRIBUTE_CLUSTER_LAUNCH, d);
  prop->unifiedFunctionPointers = attr(CU_DEVICE_ATTRIBUTE_UNIFIED_FUNCTION_POINTERS, d);
  prop->deviceNumaConfig = attr(CU_DEVICE_ATTRIBUTE_NUMA_CONFIG, d);
  prop->deviceNumaId = attr(CU_DEVICE_ATTRIBUTE_NUMA_ID, d);
  prop->mpsEnabled = attr(CU_DEVICE_ATTRIBUTE_MPS_ENABLED, d);
  prop->hostNumaId = attr(CU_DEVICE_ATTRIBUTE_HOST_NUMA_ID, d);
  prop->hostNumaMultinodeIpcSupported = attr(CU_DEVICE_ATTRIBUTE_HOST_NUMA_MULTINODE_IPC_SUPPORTED, d);
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaDeviceSetLimit(enum cudaLimit limit, size_t value) {
  CUcontext ctx;
  cudaError_t e = rt_context(&ctx);
  if (e != cudaSuccess) RT_RETURN(e);
  RT_RETURN(rt_error(cuCtxSetLimit((CUlimit)limit, value)));
}

RT_API cudaError_t CUDARTAPI cudaDeviceGetLimit(size_t *pValue, enum cudaLimit limit) {
  CUcontext ctx;
  cudaError_t e = rt_context(&ctx);
  if (e != cudaSuccess) RT_RETURN(e);
  RT_RETURN(rt_error(cuCtxGetLimit(pValue, (CUlimit)limit)));
}

RT_API cudaError_t CUDARTAPI cudaDeviceGetStreamPriorityRange(int *leastPriority, int *greatestPriority) {
  RT_RETURN(rt_error(cuCtxGetStreamPriorityRange(leastPriority, greatestPriority)));
}

RT_API cudaError_t CUDARTAPI cudaDeviceGetCacheConfig(enum cudaFuncCache *pCacheConfig) {
  if (!pCacheConfig) RT_RETURN(cudaErrorInvalidValue);
  *pCacheConfig = cudaFuncCachePreferNone;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaDeviceSetCacheConfig(enum cudaFuncCache cacheConfig) { return cudaSuccess; }

RT_API cudaError_t CUDARTAPI cudaDeviceCanAccessPeer(int *canAccessPeer, int device, int peerDevice) {
  cudaError_t e = rt_init();
  if (e != cudaSuccess) RT_RETURN(e);
  RT_RETURN(rt_error(cuDeviceCanAccessPeer(canAccessPeer, device, peerDevice)));
}

RT_API cudaError_t CUDARTAPI cudaDeviceEnablePeerAccess(int peerDevice, unsigned int flags) {
  CUcontext ctx;
  cudaError_t e = rt_context(&ctx);
  if (e != cudaSuccess) RT_RETURN(e);
  if (peerDevice < 0 || peerDevice >= device_count) RT_RETURN(cudaErrorInvalidDevice);
  if (flags) RT_RETURN(cudaErrorInvalidValue);
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaDeviceDisablePeerAccess(int peerDevice) {
  if (peerDevice < 0 || peerDevice >= device_count) RT_RETURN(cudaErrorInvalidDevice);
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaDeviceGetP2PAttribute(int *value, enum cudaDeviceP2PAttr attr_,
                                                      int srcDevice, int dstDevice) {
  cudaError_t e = rt_init();
  if (e != cudaSuccess) RT_RETURN(e);
  RT_RETURN(rt_error(cuDeviceGetP2PAttribute(value, (CUdevice_P2PAttribute)attr_, srcDevice, dstDevice)));
}

RT_API cudaError_t CUDARTAPI cudaDeviceGetPCIBusId(char *pciBusId, int len, int device) {
  cudaError_t e = rt_init();
  if (e != cudaSuccess) RT_RETURN(e);
  RT_RETURN(rt_error(cuDeviceGetPCIBusId(pciBusId, len, device)));
}

RT_API cudaError_t CUDARTAPI cudaDeviceGetByPCIBusId(int *device, const char *pciBusId) {
  cudaError_t e = rt_init();
  if (e != cudaSuccess) RT_RETURN(e);
  RT_RETURN(rt_error(cuDeviceGetByPCIBusId(device, pciBusId)));
}

RT_API cudaError_t CUDARTAPI cudaProfilerStart(void) { return cudaSuccess; }
RT_API cudaError_t CUDARTAPI cudaProfilerStop(void) { return cudaSuccess; }

RT_API cudaError_t CUDARTAPI cudaDeviceGetSharedMemConfig(enum cudaSharedMemConfig *pConfig) {
  if (!pConfig) RT_RETURN(cudaErrorInvalidValue);
  *pConfig = cudaSharedMemBankSizeFourByte;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaDeviceSetSharedMemConfig(enum cudaSharedMemConfig config) {
  if ((unsigned)config > cudaSharedMemBankSizeEightByte) RT_RETURN(cudaErrorInvalidValue);
  return cudaSuccess;
}
