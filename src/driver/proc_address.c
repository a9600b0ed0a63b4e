/* driver: cuGetProcAddress. Its table is generated from exports.def, the same list the
 * exports come from, so every exported function can be found by name. */
#include "driver_internal.h"

/* Each exported symbol, declared under a private C name bound to the real symbol, so the
 * table can take its address whatever cuda.h's macros or prototypes say about the name. */
#define X(api, version, symbol) extern void drv_sym_##symbol(void) __asm__(#symbol);
#define P X
#define U X
#include "exports.def"
#undef X
#undef P
#undef U

typedef struct ProcEntry {
  const char *api;
  int version;
  void (*fn)(void);
  char kind; /* 'X', 'P' or 'U' */
} ProcEntry;

static const ProcEntry proc_table[] = {
#define X(api, version, symbol) {#api, version, drv_sym_##symbol, 'X'},
#define P(api, version, symbol) {#api, version, drv_sym_##symbol, 'P'},
#define U(api, version, symbol) {#api, version, drv_sym_##symbol, 'U'},
#include "exports.def"
#undef X
#undef P
#undef U
};

/* The entry of kind `kind` for `api` with the highest version not above `version`;
 * *found_any says whether the name exists at all. */
static const ProcEntry *find(const char *api, int version, char kind, bool *found_any) {
  const ProcEntry *best = NULL;
  for (size_t i = 0; i < ARRAY_LEN(proc_table); i++) {
    const ProcEntry *e = &proc_table[i];
    if (strcmp(e->api, api) != 0) continue;
    bool kind_ok = e->kind == kind || (kind == 'X' && e->kind == 'U');
    if (!kind_ok) continue;
    *found_any = true;
    if (e->version <= version && (!best || e->version > best->version)) best = e;
  }
  return best;
}

CU_API CUresult CUDAAPI cuGetProcAddress_v2(const char *symbol, void **pfn, int cudaVersion,
                                           cuuint64_t flags, CUdriverProcAddressQueryResult *symbolStatus) {
  if (!symbol || !pfn) return CUDA_ERROR_INVALID_VALUE;
  if (flags & ~(cuuint64_t)(CU_GET_PROC_ADDRESS_LEGACY_STREAM |
                            CU_GET_PROC_ADDRESS_PER_THREAD_DEFAULT_STREAM))
    return CUDA_ERROR_INVALID_VALUE;
  *pfn = NULL;
  bool found_any = false;
  const ProcEntry *e = NULL;
  if (flags & CU_GET_PROC_ADDRESS_PER_THREAD_DEFAULT_STREAM) e = find(symbol, cudaVersion, 'P', &found_any);
  if (!e) e = find(symbol, cudaVersion, 'X', &found_any);
  if (!e) {
    if (symbolStatus)
      *symbolStatus = found_any ? CU_GET_PROC_ADDRESS_VERSION_NOT_SUFFICIENT
                                : CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND;
    LOG(LOG_API, "cuGetProcAddress(%s, %d): %s", symbol, cudaVersion,
        found_any ? "version not sufficient" : "not found");
    return CUDA_ERROR_NOT_FOUND;
  }
  *pfn = (void *)e->fn;
  if (symbolStatus) *symbolStatus = CU_GET_PROC_ADDRESS_SUCCESS;
  return CUDA_SUCCESS;
}
