/* ptxvm info: the device ptxvm presents, as a CUDA program sees it (through our own
 * libcuda.so.1, loaded from ../lib next to this binary), plus the execution settings:
 * lanes per group (G), worker threads and the LLVM version. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"

typedef int (*InitFn)(unsigned);
typedef int (*IntOutFn)(int *);
typedef int (*DevGetFn)(int *, int);
typedef int (*NameFn)(char *, int, int);
typedef int (*AttrFn)(int *, int, int);
typedef int (*MemFn)(size_t *, int);

static void *open_libcuda(char *where, size_t cap) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  const char *env = getenv("PTXVM_LIB_DIR");
  char path[PATH_MAX + 32];
  if (env && *env) {
    snprintf(path, sizeof path, "%s/libcuda.so.1", env);
  } else if (n > 0) {
    exe[n] = 0;
    snprintf(path, sizeof path, "%s/../lib/libcuda.so.1", dirname(exe));
  } else {
    snprintf(path, sizeof path, "libcuda.so.1");
  }
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (h && !realpath(path, where)) snprintf(where, cap, "%s", path);
  if (!h) snprintf(where, cap, "%s (%s)", path, dlerror());
  return h;
}

/* Attribute numbers from cuda.h (CUdevice_attribute), which this file does not include. */
enum {
  ATTR_WARP_SIZE = 10,
  ATTR_MULTIPROCESSOR_COUNT = 16,
  ATTR_CC_MAJOR = 75,
  ATTR_CC_MINOR = 76,
  ATTR_MAX_THREADS_PER_BLOCK = 1,
  ATTR_SHARED_PER_BLOCK = 8,
  ATTR_SHARED_OPTIN = 97,
};

int cmd_info(int argc, char **argv) {
  char where[PATH_MAX + 64];
  void *h = open_libcuda(where, sizeof where);
  if (!h) {
    fprintf(stderr, "ptxvm info: cannot load libcuda.so.1: %s\n", where);
    return 1;
  }
  InitFn init = (InitFn)dlsym(h, "cuInit");
  IntOutFn version = (IntOutFn)dlsym(h, "cuDriverGetVersion");
  IntOutFn count = (IntOutFn)dlsym(h, "cuDeviceGetCount");
  NameFn name = (NameFn)dlsym(h, "cuDeviceGetName");
  AttrFn attr = (AttrFn)dlsym(h, "cuDeviceGetAttribute");
  MemFn mem = (MemFn)dlsym(h, "cuDeviceTotalMem_v2");
  if (!init || !version || !count || !name || !attr || !mem) {
    fprintf(stderr, "ptxvm info: %s lacks the driver API\n", where);
    return 1;
  }
  int drv = 0, ndev = 0;
  int r = init(0);
  version(&drv);
  printf("library:            %s\n", where);
  printf("driver version:     %d.%d\n", drv / 1000, drv % 1000 / 10);
  if (r != 0 || count(&ndev) != 0 || ndev == 0) {
    printf("devices:            0 (cuInit returned %d; check PTXVM_DEVICES/CUDA_VISIBLE_DEVICES)\n", r);
    return 1;
  }
  printf("devices:            %d\n", ndev);
  for (int d = 0; d < ndev; d++) {
    char nm[256] = "";
    int major = 0, minor = 0, sms = 0, warp = 0, threads = 0, smem = 0, optin = 0;
    size_t total = 0;
    name(nm, sizeof nm, d);
    attr(&major, ATTR_CC_MAJOR, d);
    attr(&minor, ATTR_CC_MINOR, d);
    attr(&sms, ATTR_MULTIPROCESSOR_COUNT, d);
    attr(&warp, ATTR_WARP_SIZE, d);
    attr(&threads, ATTR_MAX_THREADS_PER_BLOCK, d);
    attr(&smem, ATTR_SHARED_PER_BLOCK, d);
    attr(&optin, ATTR_SHARED_OPTIN, d);
    mem(&total, d);
    printf("device %d:           %s\n", d, nm);
    printf("  compute capability %d.%d\n", major, minor);
    printf("  SMs                %d\n", sms);
    printf("  memory             %.1f GiB\n", (double)total / (1024.0 * 1024.0 * 1024.0));
    printf("  warp size          %d\n", warp);
    printf("  threads per block  %d\n", threads);
    printf("  shared per block   %d KiB (%d KiB opt-in)\n", smem / 1024, optin / 1024);
  }
  const char *g = getenv("PTXVM_GROUP");
  printf("lanes per group (G): %s\n", g && *g ? g : "32 (default; PTXVM_GROUP overrides)");
  const char *t = getenv("PTXVM_THREADS");
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  if (t && *t)
    printf("workers:            %s (PTXVM_THREADS)\n", t);
  else
    printf("workers:            %ld (one per core; PTXVM_THREADS overrides)\n", cores);
  /* The JIT's LLVM, found in our libcuda or this binary, whichever links it. */
  void (*llvm_version)(unsigned *, unsigned *, unsigned *) =
      (void (*)(unsigned *, unsigned *, unsigned *))dlsym(h, "LLVMGetVersion");
  if (!llvm_version)
    llvm_version = (void (*)(unsigned *, unsigned *, unsigned *))dlsym(RTLD_DEFAULT, "LLVMGetVersion");
  if (llvm_version) {
    unsigned maj = 0, min = 0, pat = 0;
    llvm_version(&maj, &min, &pat);
    printf("LLVM:               %u.%u.%u\n", maj, min, pat);
  } else {
    printf("LLVM:               not linked in this build\n");
  }
  return 0;
}
