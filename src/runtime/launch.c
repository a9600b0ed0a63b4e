/* runtime: kernel launches. `<<<g, b, s, t>>>` compiles to __cudaPushCallConfiguration,
 * then (nvcc 13) __cudaGetKernel once and __cudaLaunchKernel, whose stub pops the
 * configuration; older code calls cudaLaunchKernel with the host stub's address. The
 * configuration is checked here so the errors are the runtime's (cudaErrorInvalid-
 * Configuration), then the driver runs the kernel. */
#include "runtime_internal.h"

typedef struct CallConfig {
  dim3 grid, block;
  size_t shared;
  cudaStream_t stream;
} CallConfig;

static __thread CallConfig config_stack[16];
static __thread unsigned config_depth;

RT_API unsigned CUDARTAPI __cudaPushCallConfiguration(dim3 gridDim, dim3 blockDim, size_t sharedMem,
                                                     struct CUstream_st *stream);
RT_API cudaError_t CUDARTAPI __cudaPopCallConfiguration(dim3 *gridDim, dim3 *blockDim, size_t *sharedMem,
                                                       void *stream);
RT_API cudaError_t CUDARTAPI __cudaLaunchKernel(cudaKernel_t kernel, dim3 gridDim, dim3 blockDim, void **args,
                                               size_t sharedMem, cudaStream_t stream);
RT_API cudaError_t CUDARTAPI __cudaLaunchKernel_ptsz(cudaKernel_t kernel, dim3 gridDim, dim3 blockDim,
                                                    void **args, size_t sharedMem, cudaStream_t stream);

/* Returns 0 on success, as the generated code expects; a configuration pushed too deep
 * (launches nested in argument expressions beyond 16) makes the launch fail instead. */
unsigned __cudaPushCallConfiguration(dim3 gridDim, dim3 blockDim, size_t sharedMem,
                                     struct CUstream_st *stream) {
  if (config_depth == ARRAY_LEN(config_stack)) return 1;
  config_stack[config_depth++] = (CallConfig){gridDim, blockDim, sharedMem, (cudaStream_t)stream};
  return 0;
}

cudaError_t __cudaPopCallConfiguration(dim3 *gridDim, dim3 *blockDim, size_t *sharedMem, void *stream) {
  if (config_depth == 0) RT_RETURN(cudaErrorMissingConfiguration);
  CallConfig c = config_stack[--config_depth];
  if (gridDim) *gridDim = c.grid;
  if (blockDim) *blockDim = c.block;
  if (sharedMem) *sharedMem = c.shared;
  if (stream) *(cudaStream_t *)stream = c.stream;
  return cudaSuccess;
}

cudaError_t rt_launch(RtKernel *k, dim3 grid, dim3 block, void **args, size_t shared, cudaStream_t stream) {
  if (!k) RT_RETURN(cudaErrorInvalidDeviceFunction);
  uint64_t threads = (uint64_t)block.x * block.y * block.z;
  if (!block.x || !block.y || !block.z || block.x > 1024 || block.y > 1024 || block.z > 64 ||
      threads > 1024) {
    log_error("launch of %s with block (%u,%u,%u): at most 1024 threads, (1024,1024,64)", k->name,
              block.x, block.y, block.z);
    RT_RETURN(cudaErrorInvalidConfiguration);
  }
  if (!grid.x || !grid.y || !grid.z || grid.x > 2147483647u || grid.y > 65535 || grid.z > 65535)
    RT_RETURN(cudaErrorInvalidConfiguration);
  CUfunction f;
  cudaError_t e = rt_kernel_function(k, &f);
  if (e != cudaSuccess) RT_RETURN(e);
  int max_dynamic = 0, max_threads = 1024;
  cuFuncGetAttribute(&max_dynamic, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, f);
  cuFuncGetAttribute(&max_threads, CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, f);
  if (shared > (size_t)max_dynamic) {
    log_error("launch of %s asks for %zu bytes of dynamic shared memory; the limit is %d "
              "(raise it with cudaFuncSetAttribute(cudaFuncAttributeMaxDynamicSharedMemorySize))",
              k->name, shared, max_dynamic);
    RT_RETURN(cudaErrorInvalidConfiguration);
  }
  if (threads > (uint64_t)max_threads) RT_RETURN(cudaErrorInvalidConfiguration);
  if (rt_capturing(stream)) RT_RETURN(rt_capture_kernel(stream, k, grid, block, args, shared));
  CUresult r = cuLaunchKernel(f, grid.x, grid.y, grid.z, block.x, block.y, block.z, (unsigned)shared,
                              (CUstream)stream, args, NULL);
  if (r == CUDA_ERROR_INVALID_VALUE) RT_RETURN(cudaErrorInvalidConfiguration);
  RT_RETURN(rt_error(r));
}

RT_API cudaError_t CUDARTAPI cudaLaunchKernel(const void *func, dim3 gridDim, dim3 blockDim, void **args,
                                             size_t sharedMem, cudaStream_t stream) {
  return rt_launch(rt_kernel_find(func), gridDim, blockDim, args, sharedMem, stream);
}
RT_ALIAS(cudaLaunchKernel_ptsz, cudaLaunchKernel);

cudaError_t __cudaLaunchKernel(cudaKernel_t kernel, dim3 gridDim, dim3 blockDim, void **args,
                               size_t sharedMem, cudaStream_t stream) {
  return rt_launch((RtKernel *)kernel, gridDim, blockDim, args, sharedMem, stream);
}

cudaError_t __cudaLaunchKernel_ptsz(cudaKernel_t kernel, dim3 gridDim, dim3 blockDim, void **args,
                                    size_t sharedMem, cudaStream_t stream) {
  return rt_launch((RtKernel *)kernel, gridDim, blockDim, args, sharedMem, stream);
}

RT_API cudaError_t CUDARTAPI cudaLaunchKernelExC(const cudaLaunchConfig_t *config, const void *func,
                                                void **args) {
  if (!config) RT_RETURN(cudaErrorInvalidValue);
  for (unsigned i = 0; i < config->numAttrs; i++) {
    const cudaLaunchAttribute *a = &config->attrs[i];
    if (a->id == cudaLaunchAttributeClusterDimension &&
        a->val.clusterDim.x * a->val.clusterDim.y * a->val.clusterDim.z > 1) {
      log_error("cudaLaunchKernelEx with thread block clusters is not supported by ptxvm");
      RT_RETURN(cudaErrorNotSupported);
    }
    if (a->id == cudaLaunchAttributeCooperative && a->val.cooperative) {
      log_error("cooperative launches are not supported by ptxvm");
      RT_RETURN(cudaErrorNotSupported);
    }
  }
  return rt_launch(rt_kernel_find(func), config->gridDim, config->blockDim, args, config->dynamicSmemBytes,
                config->stream);
}
RT_ALIAS(cudaLaunchKernelExC_ptsz, cudaLaunchKernelExC);

/* Cooperative launches: cooperative_groups' grid.sync() spins on a counter in a workspace
 * (%envreg1/2) until every CTA of the grid has arrived, so it needs all CTAs resident at
 * once. The worker pool runs only as many CTAs at a time as it has workers, and a CTA
 * that spins keeps its worker: a grid barrier could deadlock. So the device reports
 * cudaDevAttrCooperativeLaunch = 0 and the launch fails cleanly, after the same
 * argument checks a GPU makes first (tests/libs/cg_grid_sync.cu). */
RT_API cudaError_t CUDARTAPI cudaLaunchCooperativeKernel(const void *func, dim3 gridDim, dim3 blockDim,
                                                        void **args, size_t sharedMem, cudaStream_t stream) {
  (void)args;
  (void)sharedMem;
  (void)stream;
  if (!rt_kernel_find(func)) RT_RETURN(cudaErrorInvalidDeviceFunction);
  if (!gridDim.x || !gridDim.y || !gridDim.z || !blockDim.x || !blockDim.y || !blockDim.z)
    RT_RETURN(cudaErrorInvalidConfiguration);
  log_error("cudaLaunchCooperativeKernel: cooperative launches (grid-wide sync) are not supported by ptxvm "
            "(cudaDevAttrCooperativeLaunch is 0): a grid barrier needs every block resident at once");
  RT_RETURN(cudaErrorNotSupported);
}
RT_ALIAS(cudaLaunchCooperativeKernel_ptsz, cudaLaunchCooperativeKernel);

/* ---- Function attributes and occupancy. ---- */

static cudaError_t function_of(const void *func, RtKernel **k, CUfunction *f) {
  *k = rt_kernel_find(func);
  if (!*k) return cudaErrorInvalidDeviceFunction;
  return rt_kernel_function(*k, f);
}

RT_API cudaError_t CUDARTAPI cudaFuncGetAttributes(struct cudaFuncAttributes *attr, const void *func) {
  if (!attr) RT_RETURN(cudaErrorInvalidValue);
  RtKernel *k;
  CUfunction f;
  cudaError_t e = function_of(func, &k, &f);
  if (e != cudaSuccess) RT_RETURN(e);
  memset(attr, 0, sizeof *attr);
  int v = 0;
#define GET(field, a)                                                                     \
  do {                                                                                    \
    v = 0;                                                                                \
    cuFuncGetAttribute(&v, a, f);                                                         \
    attr->field = v;                                                                      \
  } while (0)
  GET(sharedSizeBytes, CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES);
  GET(constSizeBytes, CU_FUNC_ATTRIBUTE_CONST_SIZE_BYTES);
  GET(localSizeBytes, CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES);
  GET(maxThreadsPerBlock, CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK);
  GET(numRegs, CU_FUNC_ATTRIBUTE_NUM_REGS);
  GET(ptxVersion, CU_FUNC_ATTRIBUTE_PTX_VERSION);
  GET(binaryVersion, CU_FUNC_ATTRIBUTE_BINARY_VERSION);
  GET(cacheModeCA, CU_FUNC_ATTRIBUTE_CACHE_MODE_CA);
  GET(maxDynamicSharedSizeBytes, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES);
  GET(preferredShmemCarveout, CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT);
#undef GET
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaFuncSetAttribute(const void *func, enum cudaFuncAttribute attr, int value) {
  RtKernel *k;
  CUfunction f;
  cudaError_t e = function_of(func, &k, &f);
  if (e != cudaSuccess) RT_RETURN(e);
  CUresult r;
  switch (attr) {
  case cudaFuncAttributeMaxDynamicSharedMemorySize:
    r = cuFuncSetAttribute(f, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, value);
    if (r == CUDA_SUCCESS) k->max_dynamic_shared = value; /* for other devices' copies */
    break;
  case cudaFuncAttributePreferredSharedMemoryCarveout:
    r = cuFuncSetAttribute(f, CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT, value);
    if (r == CUDA_SUCCESS) k->carveout = value;
    break;
  case cudaFuncAttributeRequiredClusterWidth:
  case cudaFuncAttributeRequiredClusterHeight:
  case cudaFuncAttributeRequiredClusterDepth:
  case cudaFuncAttributeNonPortableClusterSizeAllowed:
  case cudaFuncAttributeClusterSchedulingPolicyPreference:
    r = CUDA_SUCCESS;
    break;
  default: RT_RETURN(cudaErrorInvalidValue);
  }
  RT_RETURN(rt_error(r));
}

RT_API cudaError_t CUDARTAPI cudaFuncSetCacheConfig(const void *func, enum cudaFuncCache cacheConfig) {
  if (!rt_kernel_find(func)) RT_RETURN(cudaErrorInvalidDeviceFunction);
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
    int *numBlocks, const void *func, int blockSize, size_t dynamicSMemSize, unsigned int flags) {
  if (!numBlocks) RT_RETURN(cudaErrorInvalidValue);
  RtKernel *k;
  CUfunction f;
  cudaError_t e = function_of(func, &k, &f);
  if (e != cudaSuccess) RT_RETURN(e);
  RT_RETURN(rt_error(cuOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(numBlocks, f, blockSize,
                                                                          dynamicSMemSize, flags)));
}

RT_API cudaError_t CUDARTAPI cudaOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks, const void *func,
                                                                          int blockSize,
                                                                          size_t dynamicSMemSize) {
  return cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(numBlocks, func, blockSize,
                                                                dynamicSMemSize, 0);
}

RT_API cudaError_t CUDARTAPI cudaOccupancyAvailableDynamicSMemPerBlock(size_t *dynamicSmemSize,
                                                                      const void *func, int numBlocks,
                                                                      int blockSize) {
  RtKernel *k;
  CUfunction f;
  cudaError_t e = function_of(func, &k, &f);
  if (e != cudaSuccess) RT_RETURN(e);
  RT_RETURN(rt_error(cuOccupancyAvailableDynamicSMemPerBlock(dynamicSmemSize, f, numBlocks, blockSize)));
}

RT_API cudaError_t CUDARTAPI cudaFuncSetSharedMemConfig(const void *func, enum cudaSharedMemConfig config) {
  if (!rt_kernel_find(func)) RT_RETURN(cudaErrorInvalidDeviceFunction);
  return cudaSuccess; /* bank widths mean nothing on a CPU */
}

RT_API cudaError_t CUDARTAPI cudaFuncGetName(const char **name, const void *func) {
  if (!name) RT_RETURN(cudaErrorInvalidValue);
  RtKernel *k = rt_kernel_find(func);
  if (!k) RT_RETURN(cudaErrorInvalidDeviceFunction);
  *name = k->name;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaFuncGetParamInfo(const void *func, size_t paramIndex, size_t *paramOffset,
                                                 size_t *paramSize) {
  RtKernel *k;
  CUfunction f;
  cudaError_t e = function_of(func, &k, &f);
  if (e != cudaSuccess) RT_RETURN(e);
  RT_RETURN(rt_error(cuFuncGetParamInfo(f, paramIndex, paramOffset, paramSize)));
}

RT_API cudaError_t CUDARTAPI cudaGetKernel(cudaKernel_t *kernelPtr, const void *entryFuncAddr) {
  if (!kernelPtr) RT_RETURN(cudaErrorInvalidValue);
  RtKernel *k = rt_kernel_find(entryFuncAddr);
  if (!k) RT_RETURN(cudaErrorInvalidDeviceFunction);
  *kernelPtr = (cudaKernel_t)k;
  return cudaSuccess;
}

/* The driver function behind a kernel's host stub (the runtime and driver share it). */
RT_API cudaError_t CUDARTAPI cudaGetFuncBySymbol(cudaFunction_t *functionPtr, const void *symbolPtr) {
  if (!functionPtr) RT_RETURN(cudaErrorInvalidValue);
  RtKernel *k;
  CUfunction f;
  cudaError_t e = function_of(symbolPtr, &k, &f);
  if (e != cudaSuccess) RT_RETURN(e);
  *functionPtr = (cudaFunction_t)f;
  return cudaSuccess;
}
