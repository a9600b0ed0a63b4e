/* driver: kernel launches. Checks the configuration as CUDA does, packs the arguments
 * into the parameter buffer laid out by ptx_func_param_layout, gets the kernel compiled
 * for this blockDim (codegen caches it) and runs the grid on exec, synchronously. A
 * fault becomes the context's sticky error. */
#include "driver_internal.h"

#ifdef PTXVM_HAVE_CODEGEN
#include "codegen.h"
#include "ptx.h"
#endif
#ifdef PTXVM_HAVE_EXEC
#include "exec.h"
#endif

#ifndef PTXVM_HAVE_EXEC
static size_t heap_size_fallback = 8u << 20;
#endif

void drv_set_heap_size(size_t bytes) {
#ifdef PTXVM_HAVE_EXEC
  exec_set_heap_size(bytes);
#else
  heap_size_fallback = bytes;
#endif
}

size_t drv_get_heap_size(void) {
#ifdef PTXVM_HAVE_EXEC
  return exec_get_heap_size();
#else
  return heap_size_fallback;
#endif
}

#if defined(PTXVM_HAVE_CODEGEN) && defined(PTXVM_HAVE_EXEC)
static CUresult fault_result(ExecStatus s) {
  switch (s) {
  case EXEC_OK: return CUDA_SUCCESS;
  case EXEC_ERR_INVALID_CONFIG: return CUDA_ERROR_INVALID_VALUE;
  case EXEC_ERR_ILLEGAL_ADDRESS: return CUDA_ERROR_ILLEGAL_ADDRESS;
  case EXEC_ERR_MISALIGNED: return CUDA_ERROR_MISALIGNED_ADDRESS;
  case EXEC_ERR_ASSERT: return CUDA_ERROR_ASSERT;
  case EXEC_ERR_ILLEGAL_INSTRUCTION: return CUDA_ERROR_ILLEGAL_INSTRUCTION;
  case EXEC_ERR_TRAP:
  case EXEC_ERR_ARITHMETIC:
  case EXEC_ERR_DEADLOCK: return CUDA_ERROR_LAUNCH_FAILED;
  }
  return CUDA_ERROR_LAUNCH_FAILED;
}
#endif

/* CUDA's own limits on a launch configuration; CUDA_ERROR_INVALID_VALUE when broken. */
static CUresult check_config(const struct CUfunc_st *f, unsigned gx, unsigned gy, unsigned gz,
                             unsigned bx, unsigned by, unsigned bz, unsigned shared) {
  if (!gx || !gy || !gz || !bx || !by || !bz) return CUDA_ERROR_INVALID_VALUE;
  if (gx > 2147483647u || gy > 65535u || gz > 65535u) return CUDA_ERROR_INVALID_VALUE;
  if (bx > 1024u || by > 1024u || bz > 64u) return CUDA_ERROR_INVALID_VALUE;
  uint64_t threads = (uint64_t)bx * by * bz;
  if (threads > EXEC_MAX_THREADS_PER_BLOCK_DRV) return CUDA_ERROR_INVALID_VALUE;
  if (threads > f->max_threads) {
    log_error("launch of %s with %llu threads per block: the kernel allows at most %u "
              "(.maxntid/.reqntid)", f->name, (unsigned long long)threads, f->max_threads);
    return CUDA_ERROR_INVALID_VALUE;
  }
  if (shared > (unsigned)f->max_dynamic_shared ||
      (uint64_t)shared + f->static_shared > DRV_SHARED_OPTIN) {
    log_error("launch of %s asks for %u bytes of dynamic shared memory; the limit is %d "
              "(raise it with cuFuncSetAttribute(CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES))",
              f->name, shared, f->max_dynamic_shared);
    return CUDA_ERROR_INVALID_VALUE;
  }
  return CUDA_SUCCESS;
}

/* Copies the arguments into `buf` (f->param_size bytes) from kernelParams or from the
 * `extra` list (CU_LAUNCH_PARAM_BUFFER_POINTER / _SIZE / _END). */
static CUresult pack_params(const struct CUfunc_st *f, void **kernelParams, void **extra, uint8_t *buf) {
  if (kernelParams && extra) return CUDA_ERROR_INVALID_VALUE;
  if (extra) {
    const void *ptr = NULL;
    size_t size = 0;
    bool have_size = false;
    for (size_t i = 0; extra[i] != CU_LAUNCH_PARAM_END; i += 2) {
      if (extra[i] == CU_LAUNCH_PARAM_BUFFER_POINTER) {
        ptr = extra[i + 1];
      } else if (extra[i] == CU_LAUNCH_PARAM_BUFFER_SIZE) {
        if (!extra[i + 1]) return CUDA_ERROR_INVALID_VALUE;
        size = *(const size_t *)extra[i + 1];
        have_size = true;
      } else {
        return CUDA_ERROR_INVALID_VALUE;
      }
    }
    if (f->param_size == 0) return CUDA_SUCCESS;
    if (!ptr || !have_size || size < f->param_size) {
      log_error("launch of %s: the `extra` buffer holds %zu bytes, the parameters need %u",
                f->name, size, f->param_size);
      return CUDA_ERROR_INVALID_VALUE;
    }
    memcpy(buf, ptr, f->param_size);
    return CUDA_SUCCESS;
  }
  if (f->nparams && !kernelParams) return CUDA_ERROR_INVALID_VALUE;
  for (uint32_t i = 0; i < f->nparams; i++) {
    if (!kernelParams[i]) return CUDA_ERROR_INVALID_VALUE;
    memcpy(buf + f->param_offsets[i], kernelParams[i], f->param_sizes[i]);
  }
  return CUDA_SUCCESS;
}

static CUresult launch(CUfunction f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
                       unsigned bz, unsigned shared, CUstream stream, void **kernelParams, void **extra) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!drv_func_valid(f)) return CUDA_ERROR_INVALID_HANDLE;
  if (f->mod->ctx != ctx) return CUDA_ERROR_INVALID_CONTEXT;
  r = drv_stream_check(stream);
  if (r != CUDA_SUCCESS) return r;
  r = check_config(f, gx, gy, gz, bx, by, bz, shared);
  if (r != CUDA_SUCCESS) return r;

  uint8_t stack_buf[4096] __attribute__((aligned(64)));
  uint8_t *buf = stack_buf;
  if (f->param_size > sizeof stack_buf) {
    buf = aligned_alloc(64, ALIGN_UP(f->param_size, 64));
    if (!buf) return CUDA_ERROR_OUT_OF_MEMORY;
  }
  memset(buf, 0, MIN((size_t)f->param_size, sizeof stack_buf));
  r = pack_params(f, kernelParams, extra, buf);
  if (r != CUDA_SUCCESS) goto done;
  LOG(LOG_LAUNCH, "launch %s grid (%u,%u,%u) block (%u,%u,%u) shared %u params %u bytes", f->name,
      gx, gy, gz, bx, by, bz, shared, f->param_size);

#if defined(PTXVM_HAVE_CODEGEN) && defined(PTXVM_HAVE_EXEC)
  if (!f->mod->cg) {
    r = drv_unsupported("kernel launch (the module has no generated code)");
    goto done;
  }
  DiagSink d;
  diag_init(&d, f->mod->name, f->mod->ptx->src, f->mod->ptx->src_len);
  KDim3 block = {bx, by, bz};
  const KKernel *k = cg_kernel_get(f->mod->cg, f->name, block, &d);
  if (!k) {
    bool unsupported = false;
    for (size_t i = 0; i < d.diags.len; i++) {
      if (d.diags.data[i].severity == DIAG_UNSUPPORTED) unsupported = true;
    }
    drv_print_diags(&d);
    if (!d.diags.len) log_error("kernel %s could not be compiled", f->name);
    diag_fini(&d);
    r = unsupported ? CUDA_ERROR_NOT_SUPPORTED : CUDA_ERROR_INVALID_PTX;
    goto done;
  }
  diag_fini(&d);
  if ((uint64_t)k->static_shared + shared > DRV_SHARED_OPTIN ||
      (shared > 0 && (uint64_t)k->static_shared + shared >
                         (uint64_t)f->static_shared + (unsigned)f->max_dynamic_shared)) {
    log_error("launch of %s: %u bytes of static and %u of dynamic shared memory exceed the limit",
              f->name, k->static_shared, shared);
    r = CUDA_ERROR_INVALID_VALUE;
    goto done;
  }
  ExecLaunch el = {.kernel = k,
                   .grid = {gx, gy, gz},
                   .block = block,
                   .dynamic_shared = shared,
                   .params = buf};
  ExecFault fault;
  memset(&fault, 0, sizeof fault);
  ExecStatus s = exec_launch(&el, &fault);
  if (s == EXEC_ERR_INVALID_CONFIG) {
    log_error("launch of %s: %s", f->name, fault.message[0] ? fault.message : "invalid configuration");
    r = CUDA_ERROR_INVALID_VALUE;
  } else if (s != EXEC_OK) {
    CUresult err = fault_result(s);
    /* exec has logged the fault (kernel, block, thread, PTX line); say what it becomes. */
    const char *ename = NULL;
    cuGetErrorName(err, &ename);
    LOG(LOG_LAUNCH, "kernel %s: %s; the context's error is now %s", f->name,
        fault.message[0] ? fault.message : "fault", ename ? ename : "?");
    drv_ctx_set_sticky(ctx, err);
    r = CUDA_SUCCESS; /* the launch itself was accepted; the error shows from now on */
  }
#else
  r = drv_unsupported("kernel launch (this ptxvm build has no code generator or executor)");
#endif

done:
  if (buf != stack_buf) free(buf);
  return r;
}

CU_API CUresult CUDAAPI cuLaunchKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY,
                                      unsigned int gridDimZ, unsigned int blockDimX,
                                      unsigned int blockDimY, unsigned int blockDimZ,
                                      unsigned int sharedMemBytes, CUstream hStream,
                                      void **kernelParams, void **extra) {
  return launch(f, gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ, sharedMemBytes,
                hStream, kernelParams, extra);
}
DRV_ALIAS(cuLaunchKernel_ptsz, cuLaunchKernel);

CU_API CUresult CUDAAPI cuLaunchKernelEx(const CUlaunchConfig *config, CUfunction f, void **kernelParams,
                                        void **extra) {
  if (!config) return CUDA_ERROR_INVALID_VALUE;
  for (unsigned i = 0; i < config->numAttrs; i++) {
    const CUlaunchAttribute *a = &config->attrs[i];
    switch (a->id) {
    case CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION:
      if (a->value.clusterDim.x * a->value.clusterDim.y * a->value.clusterDim.z > 1)
        return drv_unsupported("cuLaunchKernelEx with thread block clusters");
      break;
    case CU_LAUNCH_ATTRIBUTE_COOPERATIVE:
      if (a->value.cooperative) return drv_unsupported("cooperative launches");
      break;
    default: break; /* priorities, access policies, sync domains: hints */
    }
  }
  return launch(f, config->gridDimX, config->gridDimY, config->gridDimZ, config->blockDimX,
                config->blockDimY, config->blockDimZ, config->sharedMemBytes, config->hStream,
                kernelParams, extra);
}
DRV_ALIAS(cuLaunchKernelEx_ptsz, cuLaunchKernelEx);

/* Occupancy of the device we report: 2048 threads, 32 blocks and the opt-in shared
 * memory per SM, with blocks rounded up to whole warps. */
static int occupancy(const struct CUfunc_st *f, int block_size, size_t dynamic_smem) {
  if (block_size <= 0) return 0;
  int warps = (block_size + 31) / 32;
  int by_threads = 64 / warps;
  int blocks = MIN(by_threads, 32);
  size_t smem = f->static_shared + dynamic_smem;
  if (smem) blocks = MIN(blocks, (int)((DRV_SHARED_OPTIN + 1024) / smem));
  return blocks;
}

CU_API CUresult CUDAAPI cuOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
    int *numBlocks, CUfunction func, int blockSize, size_t dynamicSMemSize, unsigned int flags) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!numBlocks || blockSize <= 0) return CUDA_ERROR_INVALID_VALUE;
  if (!drv_func_valid(func)) return CUDA_ERROR_INVALID_HANDLE;
  *numBlocks = (unsigned)blockSize > func->max_threads ? 0 : occupancy(func, blockSize, dynamicSMemSize);
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks, CUfunction func,
                                                                   int blockSize, size_t dynamicSMemSize) {
  return cuOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(numBlocks, func, blockSize,
                                                              dynamicSMemSize, 0);
}

CU_API CUresult CUDAAPI cuOccupancyMaxPotentialBlockSizeWithFlags(
    int *minGridSize, int *blockSize, CUfunction func, CUoccupancyB2DSize blockSizeToDynamicSMemSize,
    size_t dynamicSMemSize, int blockSizeLimit, unsigned int flags) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!minGridSize || !blockSize) return CUDA_ERROR_INVALID_VALUE;
  if (!drv_func_valid(func)) return CUDA_ERROR_INVALID_HANDLE;
  int limit = (int)func->max_threads;
  if (blockSizeLimit > 0 && blockSizeLimit < limit) limit = blockSizeLimit;
  int best_threads = 0, best_block = 32;
  for (int b = 32; b <= limit; b += 32) {
    size_t smem = blockSizeToDynamicSMemSize ? blockSizeToDynamicSMemSize(b) : dynamicSMemSize;
    int n = occupancy(func, b, smem);
    if (n * b >= best_threads) {
      best_threads = n * b;
      best_block = b;
    }
  }
  *blockSize = best_block;
  *minGridSize = (best_threads / best_block) * (int)MIN(drv.cores, 1024u);
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuOccupancyMaxPotentialBlockSize(int *minGridSize, int *blockSize, CUfunction func,
                                                        CUoccupancyB2DSize blockSizeToDynamicSMemSize,
                                                        size_t dynamicSMemSize, int blockSizeLimit) {
  return cuOccupancyMaxPotentialBlockSizeWithFlags(minGridSize, blockSize, func,
                                                   blockSizeToDynamicSMemSize, dynamicSMemSize,
                                                   blockSizeLimit, 0);
}

CU_API CUresult CUDAAPI cuOccupancyAvailableDynamicSMemPerBlock(size_t *dynamicSmemSize, CUfunction func,
                                                               int numBlocks, int blockSize) {
  if (!dynamicSmemSize || numBlocks <= 0 || blockSize <= 0) return CUDA_ERROR_INVALID_VALUE;
  if (!drv_func_valid(func)) return CUDA_ERROR_INVALID_HANDLE;
  size_t per_sm = DRV_SHARED_OPTIN + 1024;
  size_t each = per_sm / (size_t)numBlocks;
  each = MIN(each, (size_t)DRV_SHARED_OPTIN);
  *dynamicSmemSize = each > func->static_shared ? each - func->static_shared : 0;
  return CUDA_SUCCESS;
}
