/* analysis: helpers shared by cfg.c, loop.c, dom.c and shape.c — instruction classes the
 * CFG cares about, and word bitsets for the dataflow in shape.c. */
#ifndef PTXVM_ANALYSIS_INTERNAL_H
#define PTXVM_ANALYSIS_INTERNAL_H

#include "analysis.h"

/* The instruction of a statement, or NULL for labels, declarations and directives. */
static inline const PtxInstr *an_stmt_instr(const PtxFunc *f, uint32_t i) {
  return f->body[i].kind == PTX_STMT_INSTR ? f->body[i].instr : NULL;
}

/* A CTA-wide barrier: the group must suspend there (bar.sync, bar.arrive, bar.red,
 * barrier.sync, barrier.arrive, barrier.red, barrier.cluster.*). bar.warp.sync is not one:
 * a group is inside one warp. */
static inline bool an_is_cta_barrier(const PtxInstr *ins) {
  return ins->op == PTX_OP_BAR || ins->op == PTX_OP_BARRIER || ins->op == PTX_OP_BARRIER_CLUSTER;
}

/* Instructions that read or write other lanes' values or the execution mask. */
static inline bool an_is_warp_op(const PtxInstr *ins) {
  switch (ins->op) {
  case PTX_OP_SHFL:
  case PTX_OP_VOTE:
  case PTX_OP_MATCH:
  case PTX_OP_REDUX:
  case PTX_OP_ACTIVEMASK:
  case PTX_OP_BAR_WARP_SYNC:
  case PTX_OP_ELECT:
    return true;
  default:
    return false;
  }
}

/* ---- Bitsets of registers or blocks, `words` 64-bit words each. ---- */
static inline uint32_t bits_words(uint32_t n) { return (n + 63) / 64; }
static inline bool bits_get(const uint64_t *b, uint32_t i) { return (b[i / 64] >> (i % 64)) & 1; }
static inline void bits_set(uint64_t *b, uint32_t i) { b[i / 64] |= 1ull << (i % 64); }

/* Builds the priority order and the loop forest of a CFG whose blocks and edges are set
 * (loop.c). Fills cfg->order, nreachable, loops, nloops, irreducible and each block's pos
 * and loop. */
void loop_order_build(Cfg *cfg, Arena *arena);

#endif
