/* Driver API: cuGetProcAddress finds every exported function (the list exports.def
 * drives both) and picks versions as CUDA does. */
#include <cuda.h>
#include <dlfcn.h>
#include <string.h>

#include "test.h"

typedef struct Row {
  const char *api;
  int version;
  const char *symbol;
  char kind;
} Row;

static const Row rows[] = {
#define X(api, version, symbol) {#api, version, #symbol, 'X'},
#define P(api, version, symbol) {#api, version, #symbol, 'P'},
#define U(api, version, symbol) {#api, version, #symbol, 'U'},
#include "exports.def"
#undef X
#undef P
#undef U
};

TEST(proc_address_every_export) {
  cuInit(0);
  void *lib = dlopen(PTXVM_LIBCUDA, RTLD_NOW | RTLD_NOLOAD);
  CHECK(lib != NULL);
  if (!lib) return;
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    const Row *r = &rows[i];
    void *want = dlsym(lib, r->symbol);
    if (!want) fprintf(stderr, "  %s is not exported\n", r->symbol);
    CHECK(want != NULL);
    /* The row is the answer at its own version unless a later row of the same kind and
     * api has the same version (none do). */
    void *got = NULL;
    CUdriverProcAddressQueryResult st = (CUdriverProcAddressQueryResult)-1;
    cuuint64_t flags = r->kind == 'P' ? CU_GET_PROC_ADDRESS_PER_THREAD_DEFAULT_STREAM : 0;
    CHECK_EQ_INT(cuGetProcAddress(r->api, &got, r->version, flags, &st), CUDA_SUCCESS);
    CHECK_EQ_INT(st, CU_GET_PROC_ADDRESS_SUCCESS);
    if (got != want) fprintf(stderr, "  %s@%d -> wrong function (want %s)\n", r->api, r->version, r->symbol);
    CHECK(got == want);
  }
  dlclose(lib);
}

TEST(proc_address_versions) {
  cuInit(0);
  void *lib = dlopen(PTXVM_LIBCUDA, RTLD_NOW | RTLD_NOLOAD);
  CHECK(lib != NULL);
  if (!lib) return;
  void *p = NULL;
  CUdriverProcAddressQueryResult st;
  CHECK_EQ_INT(cuGetProcAddress("cuMemAlloc", &p, 13000, 0, &st), CUDA_SUCCESS);
  CHECK(p == dlsym(lib, "cuMemAlloc_v2"));
  CHECK_EQ_INT(cuGetProcAddress("cuCtxCreate", &p, 12000, 0, &st), CUDA_SUCCESS);
  CHECK(p == dlsym(lib, "cuCtxCreate_v3"));
  CHECK_EQ_INT(cuGetProcAddress("cuCtxCreate", &p, 13000, 0, &st), CUDA_SUCCESS);
  CHECK(p == dlsym(lib, "cuCtxCreate_v4"));
  CHECK_EQ_INT(cuGetProcAddress("cuMemcpyHtoD", &p, 13000, CU_GET_PROC_ADDRESS_PER_THREAD_DEFAULT_STREAM, &st),
               CUDA_SUCCESS);
  CHECK(p == dlsym(lib, "cuMemcpyHtoD_v2_ptds"));
  CHECK_EQ_INT(cuGetProcAddress("cuInit", &p, 13000, 0, &st), CUDA_SUCCESS);
  CHECK(p == (void *)cuInit);
  CHECK_EQ_INT(cuGetProcAddress("cuNoSuchFunction", &p, 13000, 0, &st), CUDA_ERROR_NOT_FOUND);
  CHECK_EQ_INT(st, CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND);
  CHECK(p == NULL);
  CHECK_EQ_INT(cuGetProcAddress("cuLaunchKernelEx", &p, 11000, 0, &st), CUDA_ERROR_NOT_FOUND);
  CHECK_EQ_INT(st, CU_GET_PROC_ADDRESS_VERSION_NOT_SUFFICIENT);
  CHECK_EQ_INT(cuGetProcAddress(NULL, &p, 13000, 0, &st), CUDA_ERROR_INVALID_VALUE);
  /* The version-1 entry point (no status), as programs built before CUDA 12 call it. */
  CUresult (*v1)(const char *, void **, int, cuuint64_t) =
      (CUresult(*)(const char *, void **, int, cuuint64_t))dlsym(lib, "cuGetProcAddress");
  CHECK(v1 != NULL);
  if (v1) {
    p = NULL;
    CHECK_EQ_INT(v1("cuMemFree", &p, 11000, 0), CUDA_SUCCESS);
    CHECK(p == dlsym(lib, "cuMemFree_v2"));
    CHECK_EQ_INT(v1("cuNoSuchFunction", &p, 11000, 0), CUDA_ERROR_NOT_FOUND);
  }
  /* An unsupported export is found, and says so when called. */
  CHECK_EQ_INT(cuGetProcAddress("cuModuleGetTexRef", &p, 13000, 0, &st), CUDA_SUCCESS);
  CHECK(p != NULL);
  if (p)
    CHECK_EQ_INT(((CUresult(*)(void *, void *, void *, void *))p)(NULL, NULL, NULL, NULL),
                 CUDA_ERROR_NOT_SUPPORTED);
  dlclose(lib);
}
