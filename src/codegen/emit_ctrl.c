/* Control instructions that are not block terminators (PTX ISA 9.7.13): call, the CTA
 * barriers bar/barrier (sync, arrive, red), memory fences, nanosleep. Branches, ret, exit
 * and trap end blocks and are emitted by cg_func.c from the CFG. */
#include "cg_internal.h"

static bool emit_call(CgContext *cg, const PtxInstr *ins) { return cg_emit_call(cg, ins); }

static bool emit_bar(CgContext *cg, const PtxInstr *ins) {
  unsigned kind = 0;
  if (cg_has_mod(ins, ".arrive")) kind = 1;
  if (cg_has_mod(ins, ".red")) kind = 2;
  return cg_emit_barrier(cg, ins, kind);
}

/* membar.{cta,gl,sys} / fence.{sc,acq_rel}.scope: a sequentially consistent fence. A CTA
 * runs on one thread, so .cta fences only need to stop the compiler reordering. */
static bool emit_fence(CgContext *cg, const PtxInstr *ins) {
  if (cg_has_mod(ins, ".proxy") || cg_has_mod(ins, ".alias") || cg_has_mod(ins, ".mbarrier_init"))
    return true; /* proxy fences order nothing ptxvm has */
  bool cta = cg_has_mod(ins, ".cta");
  LLVMBuildFence(cg->b, cg_has_mod(ins, ".acq_rel") ? LLVMAtomicOrderingAcquireRelease
                                                      : LLVMAtomicOrderingSequentiallyConsistent,
                 cta, "");
  return true;
}

/* nanosleep t: "sleeps for up to t ns", so no sleep at all is within bounds; but code
 * calls it inside spin loops that wait for other warps of the CTA (cuda::barrier on
 * sm_70-sm_80), and a group never preempts: yield so the CTA's other groups run. */
static bool emit_nanosleep(CgContext *cg, const PtxInstr *ins) {
  (void)ins;
  return cg_emit_yield(cg, cg_mask_any(cg, cg->emask));
}

static bool emit_trap(CgContext *cg, const PtxInstr *ins) {
  return cg_emit_trap(cg, ins, KTRAP_TRAP, NULL);
}

static bool emit_ignored(CgContext *cg, const PtxInstr *ins) {
  (void)cg;
  (void)ins;
  return true; /* pmevent, brkpt outside a debugger */
}

const CgOpEntry cg_ops_ctrl[] = {
    {"call", emit_call},       {"bar", emit_bar},        {"barrier", emit_bar},
    {"membar", emit_fence},    {"fence", emit_fence},    {"nanosleep", emit_nanosleep},
    {"trap", emit_trap},       {"pmevent", emit_ignored}, {"brkpt", emit_ignored},
    {NULL, NULL},
};
