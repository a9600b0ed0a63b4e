/* analysis: the pipeline's "analyse" step in one call — CFG and priority order, loops,
 * dominators, shapes — for codegen to read. */
#include "analysis_internal.h"

bool analysis_run(const PtxFunc *f, KDim3 block, unsigned G, Arena *a, FuncAnalysis *out,
                  DiagSink *d) {
  memset(out, 0, sizeof(*out));
  out->func = f;
  if (f->is_declaration) {
    diag_report(d, DIAG_ERROR, f->loc, "function '%s' has no body to analyse",
                f->name ? f->name : "?");
    return false;
  }
  out->cfg = cfg_build(f, a, d);
  if (!out->cfg) return false;
  out->dom = dom_compute(out->cfg, a);
  if (!loop_verify(out->cfg, out->dom, d)) return false;
  out->shapes = shape_compute(out->cfg, out->dom, block, G, a, d);
  if (!out->shapes) return false;
  if (log_enabled(LOG_IR)) {
    StrBuf sb = {0};
    analysis_print(out, &sb);
    log_msg(LOG_IR, "%s", sb.data ? sb.data : "");
    strbuf_free(&sb);
  }
  return true;
}

void analysis_print(const FuncAnalysis *fa, StrBuf *out) {
  const PtxFunc *f = fa->func;
  cfg_print(fa->cfg, out);
  for (uint32_t b = 0; b < fa->cfg->nblocks; b++) {
    const CfgBlock *blk = &fa->cfg->blocks[b];
    strbuf_printf(out, "  B%u: idom %d ipdom %d%s\n", b,
                  fa->dom->idom[b] == CFG_NONE ? -1 : (int)fa->dom->idom[b],
                  fa->dom->ipdom[b] == CFG_NONE ? -1 : (int)fa->dom->ipdom[b],
                  blk->nsuccs > 1 || blk->guarded
                      ? (fa->shapes->branch_uniform[b] ? ", uniform branch" : ", varying branch")
                      : "");
  }
  strbuf_printf(out, "  shapes (G = %u, block %ux%ux%u), uniform registers not listed:\n",
                fa->shapes->group_size, fa->shapes->block.x, fa->shapes->block.y,
                fa->shapes->block.z);
  for (uint32_t r = 0; r < f->nregs; r++) {
    Shape s = fa->shapes->regs[r];
    if (s.kind == SHAPE_UNIFORM && !s.is_const) continue;
    strbuf_printf(out, "    %s: ", f->regs[r]->name);
    shape_print(s, out);
    strbuf_puts(out, fa->shapes->sync_varying[r] ? " (divergence)\n" : "\n");
  }
}
