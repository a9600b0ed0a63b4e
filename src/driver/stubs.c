/* driver: functions exported only so that programs which link them load and run until
 * they call one; each logs its name and returns CUDA_ERROR_NOT_SUPPORTED. They are the U
 * rows of exports.def. This file does not include cuda.h: the stubs ignore their
 * arguments, whatever their declared types. */
#include "base.h"

int drv_stub_unsupported(const char *api);
int drv_stub_unsupported(const char *api) {
  log_error("%s is not supported by ptxvm", api);
  return 801; /* CUDA_ERROR_NOT_SUPPORTED */
}

#define X(api, version, symbol)
#define P(api, version, symbol)
#define U(api, version, symbol)                                                           \
  __attribute__((visibility("default"))) int symbol(void);                                \
  int symbol(void) { return drv_stub_unsupported(#symbol); }
#include "exports.def"
#undef X
#undef P
#undef U
