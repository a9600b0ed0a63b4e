/* driver: cuLink*, NVIDIA's JIT linker. ptxvm loads PTX and fatbinaries directly, so a
 * link of one input is that input: cuLinkComplete hands it back and cuModuleLoadData
 * takes it as it is. Several PTX inputs (the ptxjit pattern: units calling each other's
 * .extern functions) are joined at the PTX text level by rdc.c's linker, and an .extern
 * that no input defines fails cuLinkComplete, naming it. Several inputs with a fatbinary
 * among them, cubins and libraries are reported as unsupported, naming the inputs. */
#include <time.h>

#include "driver_internal.h"

enum { LINK_MAGIC = 0x4c4e4b21u };

struct CUlinkState_st {
  uint32_t magic;
  unsigned inputs;
  VEC(char *) texts; /* each input, NUL-terminated (PTX is text) */
  bool has_fatbin;
  char *data;        /* what cuLinkComplete gave */
  size_t size;
  char first_name[128];
  /* The caller's options: they stay valid for the link's life (cuda.h), and the wall
   * time and log sizes are written back into them at cuLinkComplete. */
  unsigned nopts;
  CUjit_option *opts;
  void **vals;
  struct timespec created;
};

static bool link_valid(CUlinkState s) { return s && s->magic == LINK_MAGIC; }

CU_API CUresult CUDAAPI cuLinkCreate_v2(unsigned int numOptions, CUjit_option *options, void **optionValues,
                                       CUlinkState *stateOut) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!stateOut || (numOptions && (!options || !optionValues))) return CUDA_ERROR_INVALID_VALUE;
  for (unsigned i = 0; i < numOptions; i++)
    if ((unsigned)options[i] >= (unsigned)CU_JIT_NUM_OPTIONS) {
      log_error("cuLinkCreate: unknown JIT option %u", (unsigned)options[i]);
      return CUDA_ERROR_INVALID_VALUE;
    }
  struct CUlinkState_st *s = xcalloc(1, sizeof *s);
  s->magic = LINK_MAGIC;
  s->nopts = numOptions;
  s->opts = options;
  s->vals = optionValues;
  clock_gettime(CLOCK_MONOTONIC, &s->created);
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
  if (state->inputs > 0 && (type == CU_JIT_INPUT_FATBINARY || state->has_fatbin)) {
    log_error("cuLinkAddData: '%s' would be linked with '%s'; ptxvm links several PTX inputs "
              "but a fatbinary only on its own",
              name ? name : "?", state->first_name);
    return CUDA_ERROR_NOT_SUPPORTED;
  }
  if (!state->inputs++) snprintf(state->first_name, sizeof state->first_name, "%s", name ? name : "input");
  state->has_fatbin |= type == CU_JIT_INPUT_FATBINARY;
  char *copy = xmalloc(size + 1);
  memcpy(copy, data, size);
  copy[size] = 0;
  if (type == CU_JIT_INPUT_PTX && !strstr(copy, ".version")) {
    log_error("cuLinkAddData: input '%s' is not PTX (no .version directive)", name ? name : "?");
    free(copy);
    state->inputs--;
    return CUDA_ERROR_INVALID_PTX;
  }
  vec_push(&state->texts, copy);
  state->size = size;
  return CUDA_SUCCESS;
}

/* Writes the link's log into the caller's (buffer, size) option pair, as cuModuleLoadDataEx. */
static void link_fill_log(CUlinkState s, CUjit_option buf_opt, CUjit_option size_opt, const char *text) {
  char *buf = NULL;
  int size_at = -1;
  for (unsigned i = 0; i < s->nopts; i++) {
    if (s->opts[i] == buf_opt) buf = s->vals[i];
    if (s->opts[i] == size_opt) size_at = (int)i;
  }
  if (!buf || size_at < 0) return;
  size_t cap = (size_t)(uintptr_t)s->vals[size_at];
  if (cap == 0) return;
  size_t len = text ? MIN(strlen(text), cap - 1) : 0;
  if (len) memcpy(buf, text, len);
  buf[len] = 0;
  s->vals[size_at] = (void *)(uintptr_t)(len ? len + 1 : 0);
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

/* The "cubin" is the input itself, or the linked PTX of several, owned by the state until
 * cuLinkDestroy, as CUDA's is. */
CU_API CUresult CUDAAPI cuLinkComplete(CUlinkState state, void **cubinOut, size_t *sizeOut) {
  if (!link_valid(state) || !cubinOut) return CUDA_ERROR_INVALID_VALUE;
  if (!state->inputs) return CUDA_ERROR_INVALID_VALUE;
  CUresult r = CUDA_SUCCESS;
  StrBuf msg = {0};
  if (!state->data && state->texts.len == 1 && state->has_fatbin) {
    state->data = state->texts.data[0];
    state->texts.data[0] = NULL;
  } else if (!state->data) {
#ifdef PTXVM_HAVE_FATBIN
    StrBuf unresolved = {0};
    size_t len = 0;
    char *text = drv_ptx_link((const char *const *)state->texts.data, state->texts.len, &len, &unresolved);
    if (unresolved.len) {
      strbuf_printf(&msg, "error: cuLinkComplete: %s", unresolved.data);
      log_error("%s", msg.data);
      free(text);
      r = CUDA_ERROR_INVALID_PTX;
    } else if (state->texts.len == 1) {
      /* One PTX input is loaded as it is (its own header and address size): the link
       * only checked it for unresolved symbols. */
      free(text);
      state->data = state->texts.data[0];
      state->texts.data[0] = NULL;
    } else {
      state->data = text;
      state->size = len;
    }
    strbuf_free(&unresolved);
#else
    r = CUDA_ERROR_NOT_SUPPORTED;
#endif
  }
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  for (unsigned i = 0; i < state->nopts; i++)
    if (state->opts[i] == CU_JIT_WALL_TIME) {
      float ms = (float)((double)(now.tv_sec - state->created.tv_sec) * 1e3 +
                         (double)(now.tv_nsec - state->created.tv_nsec) / 1e6);
      void *slot = NULL;
      memcpy(&slot, &ms, sizeof ms); /* the float sits in the value slot's first bytes */
      state->vals[i] = slot;
    }
  link_fill_log(state, CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES, msg.data);
  link_fill_log(state, CU_JIT_INFO_LOG_BUFFER, CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES, NULL);
  strbuf_free(&msg);
  if (r != CUDA_SUCCESS) return r;
  *cubinOut = state->data;
  if (sizeOut) *sizeOut = state->size + 1;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuLinkDestroy(CUlinkState state) {
  if (!link_valid(state)) return CUDA_ERROR_INVALID_HANDLE;
  free(state->data);
  state->data = NULL;
  for (size_t i = 0; i < state->texts.len; i++) free(state->texts.data[i]);
  vec_free(&state->texts);
  state->magic = DRV_MAGIC_DEAD; /* kept so a stale handle is detected */
  drv_keep_dead(state);
  return CUDA_SUCCESS;
}
