/* A minimal CTA runner for codegen tests: runs a compiled kernel's groups on the calling
 * thread (barriers: run every group to its next suspension, repeat), with k_rt_* support
 * functions defined in cg_runner.c. Independent of src/exec on purpose. */
#ifndef PTXVM_TEST_CG_RUNNER_H
#define PTXVM_TEST_CG_RUNNER_H

#include "codegen.h"

typedef struct CgTestModule {
  PtxModule *ptx;
  CgModule *cg;
  DiagSink diags;
} CgTestModule;

/* Parses, verifies and prepares PTX text; NULL (diagnostics printed) on failure. With
 * `expect_fail`, diagnostics are kept in *diags_out instead and NULL is returned quietly. */
CgTestModule *cgt_load(const char *ptx_text, unsigned group_size);
void cgt_free(CgTestModule *m);
/* Runs the grid; returns KGROUP_DONE or KGROUP_TRAP (trap info in *trap if not NULL). */
int cgt_launch(CgTestModule *m, const char *kernel, KDim3 grid, KDim3 block, const void *params,
               uint32_t dynamic_shared, KGroupCtx *trap);
char *cgt_read_file(const char *path);

#endif
