/* ptxvm run PROGRAM [ARGS...]: runs an unmodified CUDA program on ptxvm by putting the
 * directory with our libcuda.so.1 and libcudart.so.13 (../lib next to this binary) first
 * on LD_LIBRARY_PATH and executing the program in place of this process. */
#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"

/* The library directory: $PTXVM_LIB_DIR, else <dir of this executable>/../lib. */
static int find_lib_dir(char *out, size_t cap) {
  const char *env = getenv("PTXVM_LIB_DIR");
  if (env && *env) {
    snprintf(out, cap, "%s", env);
    return 0;
  }
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return -1;
  exe[n] = 0;
  char *dir = dirname(exe);
  char joined[PATH_MAX + 8];
  snprintf(joined, sizeof joined, "%s/../lib", dir);
  char resolved[PATH_MAX];
  if (!realpath(joined, resolved)) return -1;
  snprintf(out, cap, "%s", resolved);
  return 0;
}

int cmd_run(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    fprintf(argc < 2 ? stderr : stdout,
            "usage: ptxvm run PROGRAM [ARGS...]\n"
            "Runs a CUDA program (built by nvcc with -cudart shared, or using the driver API)\n"
            "with ptxvm's libcuda.so.1 and libcudart.so.13 in place of NVIDIA's.\n");
    return argc < 2 ? 2 : 0;
  }
  char lib[PATH_MAX];
  if (find_lib_dir(lib, sizeof lib) != 0) {
    fprintf(stderr, "ptxvm run: cannot find the library directory (../lib next to the ptxvm "
                    "binary); set PTXVM_LIB_DIR\n");
    return 2;
  }
  char probe[PATH_MAX + 32];
  snprintf(probe, sizeof probe, "%s/libcuda.so.1", lib);
  if (access(probe, R_OK) != 0)
    fprintf(stderr, "ptxvm run: warning: %s is missing; the program may load another libcuda\n", probe);

  const char *old = getenv("LD_LIBRARY_PATH");
  size_t len = strlen(lib) + (old ? strlen(old) + 1 : 0) + 1;
  char *path = malloc(len);
  if (!path) return 2;
  snprintf(path, len, "%s%s%s", lib, old && *old ? ":" : "", old && *old ? old : "");
  setenv("LD_LIBRARY_PATH", path, 1);
  free(path);

  execvp(argv[1], argv + 1);
  int err = errno;
  fprintf(stderr, "ptxvm run: cannot execute '%s': %s%s\n", argv[1], strerror(err),
          err == ENOENT && !strchr(argv[1], '/') ? " (for a program in this directory, write ./"
                                                    "PROGRAM)"
                                                  : "");
  return err == ENOENT ? 127 : 126;
}
