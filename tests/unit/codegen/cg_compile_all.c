/* Development tool (not a ctest): compiles every kernel of the PTX files named on the
 * command line for blockDim (128,1,1) and reports unsupported instructions and failures. */
#include <time.h>

#include "cg_runner.h"

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  int failed = 0;
  for (int i = 1; i < argc; i++) {
    char *src = cgt_read_file(argv[i]);
    if (!src) continue;
    CgTestModule *m = cgt_load(src, 0);
    free(src);
    if (!m->cg) {
      printf("FAIL %s\n", argv[i]);
      for (size_t d = 0; d < m->diags.diags.len && d < 3; d++)
        printf("   %s: %s\n", diag_severity_name(m->diags.diags.data[d].severity), m->diags.diags.data[d].message);
      failed++;
      cgt_free(m);
      continue;
    }
    int nk = 0, bad = 0;
    for (uint32_t f = 0; f < m->ptx->nfuncs; f++) {
      const PtxFunc *fn = m->ptx->funcs[f];
      if (!fn->is_entry || fn->is_declaration) continue;
      nk++;
      double t0 = now_ms();
      if (!cg_kernel_get(m->cg, fn->name, (KDim3){128, 1, 1}, &m->diags)) bad++;
      if (getenv("CG_TIMES")) printf("  %8.1f ms  %s\n", now_ms() - t0, fn->name);
    }
    if (bad) {
      printf("FAIL %s: %d of %d kernels\n", argv[i], bad, nk);
      for (size_t d = 0; d < m->diags.diags.len && d < 3; d++)
        printf("   %s\n", m->diags.diags.data[d].message);
      failed++;
    } else {
      printf("ok   %s (%d kernels)\n", argv[i], nk);
    }
    cgt_free(m);
  }
  return failed ? 1 : 0;
}
