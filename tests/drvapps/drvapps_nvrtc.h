/* NVRTC helper of the drvapps programs: compiles a source to PTX with the given options,
 * printing the program log on failure. */
#ifndef DRVAPPS_NVRTC_H
#define DRVAPPS_NVRTC_H
#include <nvrtc.h>
#include "drvapps.h"

#define NVRTC(call)                                                                 \
  do {                                                                              \
    nvrtcResult r_ = (call);                                                        \
    if (r_ != NVRTC_SUCCESS) {                                                      \
      printf("%s:%d: %s -> %s\nFAILED\n", __FILE__, __LINE__, #call,               \
             nvrtcGetErrorString(r_));                                              \
      exit(1);                                                                      \
    }                                                                               \
  } while (0)

static inline void nvrtc_compile_or_die(nvrtcProgram prog, int nopt, const char **opts) {
  nvrtcResult r = nvrtcCompileProgram(prog, nopt, opts);
  size_t n;
  nvrtcGetProgramLogSize(prog, &n);
  char *log = malloc(n + 1);
  nvrtcGetProgramLog(prog, log);
  if (r != NVRTC_SUCCESS) {
    printf("nvrtcCompileProgram: %s\n%s\nFAILED\n", nvrtcGetErrorString(r), log);
    exit(1);
  }
  free(log);
}

static inline char *nvrtc_ptx(const char *src, const char *name, int nopt, const char **opts) {
  nvrtcProgram prog;
  NVRTC(nvrtcCreateProgram(&prog, src, name, 0, NULL, NULL));
  nvrtc_compile_or_die(prog, nopt, opts);
  size_t n;
  NVRTC(nvrtcGetPTXSize(prog, &n));
  char *ptx = malloc(n);
  NVRTC(nvrtcGetPTX(prog, ptx));
  NVRTC(nvrtcDestroyProgram(&prog));
  return ptx;
}
#endif
