/* analysis: basic blocks of a PTX function body, their edges and flags. The priority order
 * and the loop forest come from loop.c; this file decides where blocks begin and end. */
#include "analysis_internal.h"

/* A label that names code. `.branchtargets` tables and `.callprototype` declarations are
 * labels too in the IR, but data: branching to them is not possible, so they start no
 * block. */
static bool is_code_label(const PtxLabel *l) { return l->ntargets == 0 && l->prototype == NULL; }

static bool is_terminator(const PtxInstr *ins) {
  switch (ins->op) {
  case PTX_OP_BRA:
  case PTX_OP_BRX_IDX:
  case PTX_OP_RET:
  case PTX_OP_EXIT:
  case PTX_OP_TRAP:
    return true;
  default:
    return false;
  }
}

static CfgTermKind term_kind_of(const PtxInstr *ins) {
  switch (ins->op) {
  case PTX_OP_BRA: return CFG_TERM_BRA;
  case PTX_OP_BRX_IDX: return CFG_TERM_BRX;
  case PTX_OP_RET: return CFG_TERM_RET;
  case PTX_OP_EXIT: return CFG_TERM_EXIT;
  case PTX_OP_TRAP: return CFG_TERM_TRAP;
  default: return CFG_TERM_NONE;
  }
}

/* The first operand of a kind, or NULL. */
static const PtxOperand *operand_of_kind(const PtxInstr *ins, PtxOperandKind kind) {
  for (uint32_t i = 0; i < ins->noperands; i++)
    if (ins->operands[i].kind == kind) return &ins->operands[i];
  return NULL;
}

typedef VEC(uint32_t) U32Vec;

static void push_unique(U32Vec *v, uint32_t x) {
  for (size_t i = 0; i < v->len; i++)
    if (v->data[i] == x) return;
  vec_push(v, x);
}

/* Resolves a branch target; reports and returns CFG_NONE when the label is not a code
 * label of this function (the verifier should have caught it, but a CFG must not trust). */
static uint32_t target_block(const PtxFunc *f, const uint32_t *label_block, const PtxLabel *l,
                             SrcLoc loc, DiagSink *d) {
  if (!l || l->id >= f->nlabels || f->labels[l->id] != l || label_block[l->id] == CFG_NONE) {
    diag_report(d, DIAG_ERROR, loc, "branch target '%s' is not a label of function '%s'",
                l && l->name ? l->name : "?", f->name ? f->name : "?");
    return CFG_NONE;
  }
  return label_block[l->id];
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

Cfg *cfg_build(const PtxFunc *f, Arena *arena, DiagSink *d) {
  Cfg *cfg = ARENA_NEW(arena, Cfg);
  cfg->func = f;
  uint32_t n = f->nbody;
  cfg->stmt_block = ARENA_ARRAY(arena, uint32_t, n ? n : 1);

  /* Pass 1: block boundaries. A block starts at the first statement, at a code label
   * unless the current block has no instruction yet (then the label joins it), and at
   * the first instruction or label after a terminator or barrier. Statements that are
   * neither (declarations, .loc) belong to whichever block is open. */
  U32Vec starts = {0};    /* first statement of each block */
  U32Vec first_lab = {0}; /* label id starting it, or CFG_NONE */
  uint32_t *label_block = ARENA_ARRAY(arena, uint32_t, f->nlabels ? f->nlabels : 1);
  for (uint32_t i = 0; i < f->nlabels; i++) label_block[i] = CFG_NONE;

  vec_push(&starts, 0);
  vec_push(&first_lab, CFG_NONE);
  bool cur_has_instr = false, closed = false;
  for (uint32_t i = 0; i < n; i++) {
    const PtxStmt *s = &f->body[i];
    if (s->kind == PTX_STMT_LABEL && s->label && is_code_label(s->label) &&
        s->label->id < f->nlabels) {
      if (closed || cur_has_instr) {
        vec_push(&starts, i);
        vec_push(&first_lab, s->label->id);
        cur_has_instr = false;
        closed = false;
      } else if (vec_last(&first_lab) == CFG_NONE) {
        vec_last(&first_lab) = s->label->id;
      }
      label_block[s->label->id] = (uint32_t)starts.len - 1;
    } else if (s->kind == PTX_STMT_INSTR) {
      if (closed) {
        vec_push(&starts, i);
        vec_push(&first_lab, CFG_NONE);
        closed = false;
      }
      cur_has_instr = true;
      if (is_terminator(s->instr) || an_is_cta_barrier(s->instr)) closed = true;
    }
  }

  /* A guarded terminator that ends the body still falls through when its guard is false:
   * give it an empty block to fall into (which runs off the end, as a ret), so every
   * guarded terminator has its fallthrough successor. */
  for (uint32_t i = n; i-- > 0;) {
    const PtxInstr *ins = an_stmt_instr(f, i);
    if (!ins) continue;
    if (is_terminator(ins) && ins->guard) {
      vec_push(&starts, n);
      vec_push(&first_lab, CFG_NONE);
    }
    break;
  }

  uint32_t nb = (uint32_t)starts.len;
  cfg->nblocks = nb;
  cfg->blocks = ARENA_ARRAY(arena, CfgBlock, nb);
  for (uint32_t b = 0; b < nb; b++) {
    CfgBlock *blk = &cfg->blocks[b];
    blk->id = b;
    blk->first = starts.data[b];
    blk->end = b + 1 < nb ? starts.data[b + 1] : n;
    blk->label = first_lab.data[b] == CFG_NONE ? NULL : f->labels[first_lab.data[b]];
    blk->term = CFG_NONE;
    blk->barrier_stmt = CFG_NONE;
    blk->loop = CFG_NONE;
    for (uint32_t i = blk->first; i < blk->end; i++) cfg->stmt_block[i] = b;
  }
  vec_free(&starts);
  vec_free(&first_lab);

  /* Pass 2: what each block contains and where it goes. */
  bool ok = true;
  U32Vec succ = {0};
  for (uint32_t b = 0; b < nb; b++) {
    CfgBlock *blk = &cfg->blocks[b];
    const PtxInstr *last = NULL;
    uint32_t last_i = CFG_NONE;
    for (uint32_t i = blk->first; i < blk->end; i++) {
      const PtxInstr *ins = an_stmt_instr(f, i);
      if (!ins) continue;
      last = ins;
      last_i = i;
      if (an_is_cta_barrier(ins)) blk->has_barrier = true;
      if (an_is_warp_op(ins)) blk->has_warp_op = true;
      if (ins->op == PTX_OP_CALL) blk->has_call = true;
    }
    succ.len = 0;
    uint32_t next = b + 1 < nb ? b + 1 : CFG_NONE;
    bool falls = true; /* control may continue into the next block */
    if (last && is_terminator(last)) {
      blk->term = last_i;
      blk->term_kind = term_kind_of(last);
      blk->guarded = last->guard != NULL;
      falls = blk->guarded;
      if (blk->term_kind == CFG_TERM_BRA) {
        const PtxOperand *op = operand_of_kind(last, PTX_OPND_LABEL);
        uint32_t t = target_block(f, label_block, op ? op->label : NULL, last->loc, d);
        if (t == CFG_NONE) ok = false;
        else vec_push(&succ, t);
      } else if (blk->term_kind == CFG_TERM_BRX) {
        const PtxOperand *op = operand_of_kind(last, PTX_OPND_LABEL);
        if (!op || !op->label || op->label->ntargets == 0) {
          diag_report(d, DIAG_ERROR, last->loc,
                      "brx.idx needs a label declared with .branchtargets");
          ok = false;
        } else {
          for (uint32_t k = 0; k < op->label->ntargets; k++) {
            uint32_t t = target_block(f, label_block, op->label->targets[k], last->loc, d);
            if (t == CFG_NONE) ok = false;
            else push_unique(&succ, t);
          }
        }
      } else {
        blk->exits = true;
      }
    } else if (last && an_is_cta_barrier(last)) {
      blk->ends_with_barrier = true;
      blk->barrier_stmt = last_i;
    }
    if (falls) {
      if (next != CFG_NONE) vec_push(&succ, next);
      else blk->exits = true; /* runs off the end of the body: as a ret */
    }
    blk->nsuccs = (uint32_t)succ.len;
    blk->succs = succ.len ? arena_memdup(arena, succ.data, succ.len * sizeof(uint32_t)) : NULL;
    cfg->has_barrier |= blk->has_barrier;
    cfg->has_warp_op |= blk->has_warp_op;
    cfg->has_call |= blk->has_call;
  }
  vec_free(&succ);
  if (!ok) return NULL;

  /* Predecessors: ascending, without duplicates. */
  uint32_t *npred = xcalloc(nb, sizeof(uint32_t));
  for (uint32_t b = 0; b < nb; b++)
    for (uint32_t k = 0; k < cfg->blocks[b].nsuccs; k++) npred[cfg->blocks[b].succs[k]]++;
  for (uint32_t b = 0; b < nb; b++) {
    cfg->blocks[b].preds = ARENA_ARRAY(arena, uint32_t, npred[b] ? npred[b] : 1);
  }
  for (uint32_t b = 0; b < nb; b++) {
    const CfgBlock *blk = &cfg->blocks[b];
    for (uint32_t k = 0; k < blk->nsuccs; k++) {
      CfgBlock *s = &cfg->blocks[blk->succs[k]];
      s->preds[s->npreds++] = b;
    }
  }
  free(npred);
  for (uint32_t b = 0; b < nb; b++) {
    CfgBlock *blk = &cfg->blocks[b];
    qsort(blk->preds, blk->npreds, sizeof(uint32_t), cmp_u32);
    uint32_t m = 0;
    for (uint32_t k = 0; k < blk->npreds; k++)
      if (m == 0 || blk->preds[m - 1] != blk->preds[k]) blk->preds[m++] = blk->preds[k];
    blk->npreds = m;
  }

  /* Reachability from the entry. */
  uint32_t *stack = xmalloc(nb * sizeof(uint32_t));
  uint32_t sp = 0;
  cfg->blocks[0].reachable = true;
  stack[sp++] = 0;
  while (sp) {
    const CfgBlock *blk = &cfg->blocks[stack[--sp]];
    for (uint32_t k = 0; k < blk->nsuccs; k++) {
      CfgBlock *s = &cfg->blocks[blk->succs[k]];
      if (!s->reachable) {
        s->reachable = true;
        stack[sp++] = s->id;
      }
    }
  }
  free(stack);

  cfg->label_block = label_block;
  loop_order_build(cfg, arena);
  return cfg;
}

uint32_t cfg_block_of_label(const Cfg *cfg, const PtxLabel *label) {
  if (!label || label->id >= cfg->func->nlabels) return CFG_NONE;
  return cfg->label_block[label->id];
}

bool cfg_edge_is_back(const Cfg *cfg, uint32_t from, uint32_t to) {
  return cfg->blocks[to].pos <= cfg->blocks[from].pos;
}

bool cfg_loop_contains(const Cfg *cfg, uint32_t loop, uint32_t block) {
  if (loop >= cfg->nloops || block >= cfg->nblocks) return false;
  const CfgLoop *l = &cfg->loops[loop];
  uint32_t p = cfg->blocks[block].pos;
  return p >= l->first && p < l->first + l->count;
}

static const char *term_name(CfgTermKind k) {
  switch (k) {
  case CFG_TERM_NONE: return "fallthrough";
  case CFG_TERM_BRA: return "bra";
  case CFG_TERM_BRX: return "brx.idx";
  case CFG_TERM_RET: return "ret";
  case CFG_TERM_EXIT: return "exit";
  case CFG_TERM_TRAP: return "trap";
  }
  return "?";
}

void cfg_print(const Cfg *cfg, StrBuf *out) {
  strbuf_printf(out, "cfg %s: %u blocks, %u loops%s\n", cfg->func->name ? cfg->func->name : "?",
                cfg->nblocks, cfg->nloops, cfg->irreducible ? " (irreducible)" : "");
  for (uint32_t b = 0; b < cfg->nblocks; b++) {
    const CfgBlock *blk = &cfg->blocks[b];
    strbuf_printf(out, "  B%u%s%s stmts [%u,%u) pos %u %s%s ->", b, blk->label ? " " : "",
                  blk->label ? blk->label->name : "", blk->first, blk->end, blk->pos,
                  blk->guarded ? "@" : "", term_name(blk->term_kind));
    for (uint32_t k = 0; k < blk->nsuccs; k++) strbuf_printf(out, " B%u", blk->succs[k]);
    if (blk->exits) strbuf_puts(out, " exit");
    if (!blk->reachable) strbuf_puts(out, " unreachable");
    if (blk->ends_with_barrier) strbuf_puts(out, " barrier");
    if (blk->has_warp_op) strbuf_puts(out, " warp");
    if (blk->loop != CFG_NONE) strbuf_printf(out, " loop %u", blk->loop);
    strbuf_puts(out, "\n");
  }
  strbuf_puts(out, "  order:");
  for (uint32_t i = 0; i < cfg->nblocks; i++) strbuf_printf(out, " B%u", cfg->order[i]);
  strbuf_puts(out, "\n");
  for (uint32_t l = 0; l < cfg->nloops; l++) {
    const CfgLoop *lp = &cfg->loops[l];
    strbuf_printf(out, "  loop %u: header B%u depth %u positions [%u,%u)%s\n", l, lp->header,
                  lp->depth, lp->first, lp->first + lp->count,
                  lp->irreducible ? " irreducible" : "");
  }
}
