/* Shared helpers of the exec tests. */
#include "test_exec_util.h"

#include <unistd.h>

KKernel test_kernel(const char *name, KGroupFn run, uint32_t g, KDim3 block) {
  KKernel k;
  memset(&k, 0, sizeof k);
  k.name = name;
  k.run = run;
  k.group_size = g;
  k.block = block;
  return k;
}

ExecStatus test_launch(const KKernel *k, KDim3 grid, const void *params, uint32_t dyn_shared,
                       ExecFault *fault) {
  KKernel copy = *k; /* the tests pass one pointer or nothing */
  copy.param_size = params ? 8 : 0;
  ExecLaunch l;
  memset(&l, 0, sizeof l);
  l.kernel = &copy;
  l.grid = grid;
  l.block = k->block;
  l.dynamic_shared = dyn_shared;
  l.params = params;
  return exec_launch(&l, fault);
}

int test_lane_tid(const KGroupCtx *ctx, uint32_t g, uint32_t lane) {
  uint32_t tid = ctx->group_index * g + lane;
  return tid < ctx->ntid.x * ctx->ntid.y * ctx->ntid.z ? (int)tid : -1;
}

uint64_t test_cta_linear(const KGroupCtx *ctx) {
  return ((uint64_t)ctx->ctaid.z * ctx->nctaid.y + ctx->ctaid.y) * ctx->nctaid.x + ctx->ctaid.x;
}

void test_restart_pool(unsigned n) {
  exec_shutdown();
  if (n) {
    char buf[16];
    snprintf(buf, sizeof buf, "%u", n);
    setenv("PTXVM_THREADS", buf, 1);
  } else {
    unsetenv("PTXVM_THREADS");
  }
  exec_init();
}

char *test_capture_stdout(void (*fn)(void *), void *arg) {
  fflush(stdout);
  FILE *tmp = tmpfile();
  if (!tmp) return NULL;
  int saved = dup(1);
  dup2(fileno(tmp), 1);
  fn(arg);
  fflush(stdout);
  dup2(saved, 1);
  close(saved);
  long len = ftell(tmp);
  (void)len;
  fseek(tmp, 0, SEEK_END);
  long size = ftell(tmp);
  rewind(tmp);
  char *buf = calloc(1, (size_t)size + 1);
  if (fread(buf, 1, (size_t)size, tmp) != (size_t)size) buf[0] = 0;
  fclose(tmp);
  return buf;
}
