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
    cfg_print(out->cfg, &sb);
    for (uint32_t r = 0; r < f->nregs; r++) {
      Shape s = out->shapes->regs[r];
      if (s.kind == SHAPE_UNIFORM && !s.is_const) continue;
      strbuf_printf(&sb, "  %s: ", f->regs[r]->name);
      shape_print(s, &sb);
      strbuf_puts(&sb, out->shapes->sync_varying[r] ? " (sync)\n" : "\n");
    }
    log_msg(LOG_IR, "%s", sb.data ? sb.data : "");
    strbuf_free(&sb);
  }
  return true;
}
