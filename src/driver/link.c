/* driver: cuLink*, NVIDIA's JIT linker. ptxvm loads PTX and fatbinaries directly, so a
 * link of one input is that input: cuLinkComplete hands it back and cuModuleLoadData
 * takes it as it is. Linking several inputs together (PTX modules calling each other,
 * libcudadevrt) would need a PTX linker, which ptxvm does not have: that is reported as
 * unsupported, naming the inputs. */
#include "driver_internal.h"

enum { LINK_MAGIC = 0x4c4e4b21u };

struct CUlinkState_st {
  uint32_t magic;
  unsigned inputs;
  char *data;   /* the single input, NUL-terminated (PTX is text) */
  size_t size;
  char first_name[128];
};

static bool link_valid(CUlinkState s) { return s && s->magic == LINK_MAGIC; }

CU_API CUresult CUDAAPI cuLinkCreate_v2(unsigned int numOptions, CUjit_option *options, void **optionValues,
                                       CUlinkState *stateOut) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!stateOut || (numOptions && (!options || !optionValues))) return CUDA_ERROR_INVALID_VALUE;
  struct CUlinkState_st *s = xcalloc(1, sizeof *s);
  s->magic = LINK_MAGIC;
  *stateOut = s;
  return CUDA_SUCCESS;
}

static CUresult add_input(CUlinkState state, CUjitInputType type, const void *data, size_t size, const char *name) {
  if (!link_valid(state) || !data || !size) return CUDA_ERROR_INVALID_VALUE;
  if (type != CU_JIT_INPUT_PTX && type != CU_JIT_INPUT_FATBINARY) {
    log_error("cuLinkAddData: input '%s' is a %s; ptxvm links only PTX and fatbinaries",
              name ? name : "?",
              type == CU_JIT_INPUT_CUBIN ? "cubin (GPU machine code)"
              : type == CU_JIT_INPUT_LIBRARY ? "library (.a)"
              : type == CU_JIT_INPUT_OBJECT ? "host object"
                                              : "input of another kind");
    return CUDA_ERROR_NOT_SUPPORTED;
  }
  if (state->inputs++ > 0) {
    log_error("cuLinkAddData: '%s' would be linked with '%s'; ptxvm has no PTX linker and loads "
              "one input per module",
              name ? name : "?", state->first_name);
    return CUDA_ERROR_NOT_SUPPORTED;
  }
  snprintf(state->first_name, sizeof state->first_name, "%s", name ? name : "input");
  state->data = xmalloc(size + 1);
  memcpy(state->data, data, size);
  state->data[size] = 0;
  state->size = size;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuLinkAddData_v2(CUlinkState state, CUjitInputType type, void *data, size_t size,
                                        const char *name, unsigned int numOptions, CUjit_option *options,
                                        void **optionValues) {
  return add_input(state, type, data, size, name);
}

CU_API CUresult CUDAAPI cuLinkAddFile_v2(CUlinkState state, CUjitInputType type, const char *path,
                                        unsigned int numOptions, CUjit_option *options, void **optionValues) {
  if (!link_valid(state) || !path) return CUDA_ERROR_INVALID_VALUE;
  size_t len;
  char *data = file_read_all(path, &len);
  if (!data) {
    log_error("cuLinkAddFile: cannot read '%s'", path);
    return CUDA_ERROR_FILE_NOT_FOUND;
  }
  CUresult r = add_input(state, type, data, len, path);
  free(data);
  return r;
}

/* The "cubin" is the input itself, owned by the state until cuLinkDestroy, as CUDA's is. */
CU_API CUresult CUDAAPI cuLinkComplete(CUlinkState state, void **cubinOut, size_t *sizeOut) {
  if (!link_valid(state) || !cubinOut) return CUDA_ERROR_INVALID_VALUE;
  if (!state->inputs) return CUDA_ERROR_INVALID_VALUE;
  *cubinOut = state->data;
  if (sizeOut) *sizeOut = state->size + 1;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuLinkDestroy(CUlinkState state) {
  if (!link_valid(state)) return CUDA_ERROR_INVALID_HANDLE;
  free(state->data);
  state->data = NULL;
  state->magic = DRV_MAGIC_DEAD; /* kept so a stale handle is detected */
  drv_keep_dead(state);
  return CUDA_SUCCESS;
}
