/* Unit tests for src/analysis CFG, priority order, loops and (post-)dominators, on
 * function bodies built directly in the IR (control flow only), plus random CFGs checked
 * against a naive dominator computation. */
#include "analysis.h"
#include "test.h"

/* ---- A small builder of control-flow skeletons ---- */
typedef struct TB {
  Arena arena;
  PtxFunc *f;
  VEC(PtxStmt) body;
  VEC(PtxLabel *) labels;
  VEC(PtxReg *) regs;
} TB;

static TB *tb_new(void) {
  TB *tb = xcalloc(1, sizeof(TB));
  arena_init(&tb->arena);
  tb->f = ARENA_NEW(&tb->arena, PtxFunc);
  tb->f->name = "test";
  tb->f->is_entry = true;
  return tb;
}

static void tb_free(TB *tb) {
  vec_free(&tb->body);
  vec_free(&tb->labels);
  vec_free(&tb->regs);
  arena_fini(&tb->arena);
  free(tb);
}

static PtxLabel *tb_label_get(TB *tb, const char *name) {
  for (size_t i = 0; i < tb->labels.len; i++)
    if (strcmp(tb->labels.data[i]->name, name) == 0) return tb->labels.data[i];
  PtxLabel *l = ARENA_NEW(&tb->arena, PtxLabel);
  l->name = arena_strdup(&tb->arena, name);
  l->id = (uint32_t)tb->labels.len;
  l->stmt = UINT32_MAX;
  vec_push(&tb->labels, l);
  return l;
}

static PtxReg *tb_reg(TB *tb, const char *name, PtxType t) {
  for (size_t i = 0; i < tb->regs.len; i++)
    if (strcmp(tb->regs.data[i]->name, name) == 0) return tb->regs.data[i];
  PtxReg *r = ARENA_NEW(&tb->arena, PtxReg);
  r->name = arena_strdup(&tb->arena, name);
  r->type = t;
  r->id = (uint32_t)tb->regs.len;
  vec_push(&tb->regs, r);
  return r;
}

static void tb_L(TB *tb, const char *name) {
  PtxLabel *l = tb_label_get(tb, name);
  l->stmt = (uint32_t)tb->body.len;
  PtxStmt s = {.kind = PTX_STMT_LABEL, .label = l};
  vec_push(&tb->body, s);
}

/* `guard`: NULL, "%p" or "!%p". */
static PtxInstr *tb_ins(TB *tb, PtxOpcode op, const char *guard) {
  PtxInstr *ins = ARENA_NEW(&tb->arena, PtxInstr);
  ins->op = op;
  if (guard) {
    ins->guard = ARENA_NEW(&tb->arena, PtxOperand);
    ins->guard->kind = PTX_OPND_REG;
    ins->guard->neg = guard[0] == '!';
    ins->guard->component = -1;
    ins->guard->reg = tb_reg(tb, guard + (guard[0] == '!'), PTX_MOD_PRED);
  }
  PtxStmt s = {.kind = PTX_STMT_INSTR, .instr = ins};
  vec_push(&tb->body, s);
  return ins;
}

static void tb_op(TB *tb) { tb_ins(tb, PTX_OP_ADD, NULL); } /* any straight-line instruction */

static void tb_bra(TB *tb, const char *guard, const char *target) {
  PtxInstr *ins = tb_ins(tb, PTX_OP_BRA, guard);
  ins->operands = ARENA_NEW(&tb->arena, PtxOperand);
  ins->noperands = 1;
  ins->operands[0].kind = PTX_OPND_LABEL;
  ins->operands[0].component = -1;
  ins->operands[0].label = tb_label_get(tb, target);
}

/* `table`: a .branchtargets label declared here, with the targets listed. */
static void tb_brx(TB *tb, const char *table, const char **targets, uint32_t n) {
  PtxLabel *t = tb_label_get(tb, table);
  t->targets = ARENA_ARRAY(&tb->arena, PtxLabel *, n);
  t->ntargets = n;
  for (uint32_t i = 0; i < n; i++) t->targets[i] = tb_label_get(tb, targets[i]);
  tb_L(tb, table); /* the declaration statement, as `table: .branchtargets ...;` */
  PtxInstr *ins = tb_ins(tb, PTX_OP_BRX_IDX, NULL);
  ins->operands = ARENA_ARRAY(&tb->arena, PtxOperand, 2);
  ins->noperands = 2;
  ins->operands[0].kind = PTX_OPND_REG;
  ins->operands[0].component = -1;
  ins->operands[0].reg = tb_reg(tb, "%idx", PTX_MOD_U32);
  ins->operands[1].kind = PTX_OPND_LABEL;
  ins->operands[1].component = -1;
  ins->operands[1].label = t;
}

static PtxFunc *tb_finish(TB *tb) {
  PtxFunc *f = tb->f;
  f->body = tb->body.data;
  f->nbody = (uint32_t)tb->body.len;
  f->labels = tb->labels.data;
  f->nlabels = (uint32_t)tb->labels.len;
  f->regs = tb->regs.data;
  f->nregs = (uint32_t)tb->regs.len;
  return f;
}

/* Builds the CFG and dominators, checking the invariants every CFG must satisfy. */
typedef struct Built {
  Cfg *cfg;
  DomInfo *dom;
} Built;

static void check_invariants(const Cfg *cfg, const DomInfo *dom);

static Built build(TB *tb) {
  PtxFunc *f = tb_finish(tb);
  DiagSink d;
  diag_init(&d, "test", NULL, 0);
  Built b = {0};
  b.cfg = cfg_build(f, &tb->arena, &d);
  CHECK(b.cfg != NULL);
  if (b.cfg) {
    b.dom = dom_compute(b.cfg, &tb->arena);
    CHECK(loop_verify(b.cfg, b.dom, &d));
    check_invariants(b.cfg, b.dom);
  }
  if (diag_has_errors(&d)) diag_print(&d, stderr);
  diag_fini(&d);
  return b;
}

/* The priority order is a permutation; reachable blocks first; every edge that does not
 * go forward in it enters the header of a loop holding its source; every loop's blocks
 * are contiguous and strongly connected; dominators come before what they dominate. */
static void check_invariants(const Cfg *cfg, const DomInfo *dom) {
  uint32_t nb = cfg->nblocks;
  bool *seen = xcalloc(nb, sizeof(bool));
  for (uint32_t i = 0; i < nb; i++) {
    uint32_t b = cfg->order[i];
    CHECK(b < nb && !seen[b]);
    seen[b] = true;
    CHECK_EQ_INT(cfg->blocks[b].pos, i);
    CHECK_EQ_INT(cfg->blocks[b].reachable, i < cfg->nreachable);
  }
  free(seen);
  for (uint32_t b = 0; b < nb; b++) {
    const CfgBlock *blk = &cfg->blocks[b];
    if (!blk->reachable) continue;
    for (uint32_t k = 0; k < blk->nsuccs; k++) {
      uint32_t s = blk->succs[k];
      if (cfg->blocks[s].pos > blk->pos) continue;
      bool ok = false;
      for (uint32_t l = blk->loop; l != CFG_NONE; l = cfg->loops[l].parent)
        ok |= cfg->loops[l].header == s;
      CHECK(ok);
    }
    if (dom->idom[b] != CFG_NONE) CHECK(cfg->blocks[dom->idom[b]].pos < blk->pos);
  }
  for (uint32_t l = 0; l < cfg->nloops; l++) {
    const CfgLoop *lp = &cfg->loops[l];
    CHECK(lp->count >= 1);
    CHECK_EQ_INT(cfg->order[lp->first], lp->header);
    if (lp->parent != CFG_NONE) {
      const CfgLoop *pp = &cfg->loops[lp->parent];
      CHECK(lp->first > pp->first && lp->first + lp->count <= pp->first + pp->count);
      CHECK_EQ_INT(lp->depth, pp->depth + 1);
    }
    /* Membership by range equals membership by the innermost-loop chain. */
    for (uint32_t b = 0; b < nb; b++) {
      bool chain = false;
      for (uint32_t m = cfg->blocks[b].loop; m != CFG_NONE; m = cfg->loops[m].parent)
        chain |= m == l;
      CHECK_EQ_INT(chain, cfg_loop_contains(cfg, l, b));
    }
    /* Strongly connected: the header reaches every block inside and every block reaches
     * the header, without leaving the loop. */
    bool *fw = xcalloc(nb, sizeof(bool)), *bw = xcalloc(nb, sizeof(bool));
    uint32_t *st = xmalloc(nb * sizeof(uint32_t)), sp = 0;
    fw[lp->header] = true;
    st[sp++] = lp->header;
    while (sp) {
      const CfgBlock *v = &cfg->blocks[st[--sp]];
      for (uint32_t k = 0; k < v->nsuccs; k++)
        if (!fw[v->succs[k]] && cfg_loop_contains(cfg, l, v->succs[k])) {
          fw[v->succs[k]] = true;
          st[sp++] = v->succs[k];
        }
    }
    bw[lp->header] = true;
    st[sp++] = lp->header;
    while (sp) {
      const CfgBlock *v = &cfg->blocks[st[--sp]];
      for (uint32_t k = 0; k < v->npreds; k++)
        if (!bw[v->preds[k]] && cfg_loop_contains(cfg, l, v->preds[k])) {
          bw[v->preds[k]] = true;
          st[sp++] = v->preds[k];
        }
    }
    for (uint32_t i = lp->first; i < lp->first + lp->count; i++) {
      CHECK(fw[cfg->order[i]]);
      CHECK(bw[cfg->order[i]]);
    }
    free(fw);
    free(bw);
    free(st);
  }
}

static bool succs_are(const Cfg *cfg, uint32_t b, uint32_t n, const uint32_t *want) {
  if (cfg->blocks[b].nsuccs != n) return false;
  for (uint32_t i = 0; i < n; i++)
    if (cfg->blocks[b].succs[i] != want[i]) return false;
  return true;
}
#define SUCCS(cfg, b, ...)                                                                \
  succs_are((cfg), (b), sizeof((uint32_t[]){__VA_ARGS__}) / sizeof(uint32_t),            \
            (uint32_t[]){__VA_ARGS__})

TEST(diamond) {
  TB *tb = tb_new();
  tb_bra(tb, "%p", "ELSE"); /* B0 */
  tb_op(tb);                /* B1 */
  tb_bra(tb, NULL, "END");
  tb_L(tb, "ELSE");         /* B2 */
  tb_op(tb);
  tb_L(tb, "END");          /* B3 */
  tb_ins(tb, PTX_OP_RET, NULL);
  Built b = build(tb);
  Cfg *cfg = b.cfg;
  CHECK_EQ_INT(cfg->nblocks, 4);
  CHECK(SUCCS(cfg, 0, 2, 1)); /* taken first, then the fallthrough */
  CHECK(SUCCS(cfg, 1, 3));
  CHECK(SUCCS(cfg, 2, 3));
  CHECK(SUCCS(cfg, 3, 0) == false && cfg->blocks[3].nsuccs == 0);
  CHECK(cfg->blocks[0].guarded && cfg->blocks[0].term_kind == CFG_TERM_BRA);
  CHECK(cfg->blocks[1].term_kind == CFG_TERM_BRA && !cfg->blocks[1].guarded);
  CHECK(cfg->blocks[2].term_kind == CFG_TERM_NONE);
  CHECK(cfg->blocks[3].exits && cfg->blocks[3].term_kind == CFG_TERM_RET);
  CHECK_EQ_INT(cfg->blocks[3].npreds, 2);
  CHECK_EQ_INT(cfg->nloops, 0);
  CHECK_EQ_INT(cfg->order[0], 0);
  CHECK_EQ_INT(cfg->order[3], 3);
  CHECK_EQ_INT(b.dom->idom[0], CFG_NONE);
  CHECK_EQ_INT(b.dom->idom[1], 0);
  CHECK_EQ_INT(b.dom->idom[2], 0);
  CHECK_EQ_INT(b.dom->idom[3], 0);
  CHECK_EQ_INT(b.dom->ipdom[0], 3);
  CHECK_EQ_INT(b.dom->ipdom[1], 3);
  CHECK_EQ_INT(b.dom->ipdom[2], 3);
  CHECK_EQ_INT(b.dom->ipdom[3], CFG_NONE);
  CHECK(dom_dominates(b.dom, 0, 3));
  CHECK(!dom_dominates(b.dom, 1, 3));
  CHECK(dom_postdominates(b.dom, 3, 0));
  CHECK(!dom_postdominates(b.dom, 1, 0));
  CHECK_EQ_INT(dom_common(b.dom, 1, 2), 0);
  CHECK_EQ_INT(dom_common_post(b.dom, 1, 2), 3);
  CHECK_EQ_INT(cfg_block_of_label(cfg, tb_label_get(tb, "END")), 3);
  CHECK_EQ_INT(cfg->stmt_block[0], 0);
  CHECK_EQ_INT(cfg->stmt_block[3], 2); /* the ELSE label statement */
  tb_free(tb);
}

TEST(nested_ifs) {
  TB *tb = tb_new();
  tb_bra(tb, "%p", "END");  /* B0 */
  tb_op(tb);                /* B1 */
  tb_bra(tb, "!%q", "SKIP");
  tb_op(tb);                /* B2 */
  tb_L(tb, "SKIP");         /* B3 */
  tb_op(tb);
  tb_L(tb, "END");          /* B4 */
  tb_ins(tb, PTX_OP_EXIT, NULL);
  Built b = build(tb);
  CHECK_EQ_INT(b.cfg->nblocks, 5);
  uint32_t idom[] = {CFG_NONE, 0, 1, 1, 0}, ipdom[] = {4, 3, 3, 4, CFG_NONE};
  for (uint32_t i = 0; i < 5; i++) {
    CHECK_EQ_INT(b.dom->idom[i], idom[i]);
    CHECK_EQ_INT(b.dom->ipdom[i], ipdom[i]);
  }
  CHECK(b.cfg->blocks[4].term_kind == CFG_TERM_EXIT);
  tb_free(tb);
}

TEST(loop_with_break_and_continue) {
  TB *tb = tb_new();
  tb_op(tb);                 /* B0 */
  tb_L(tb, "HEAD");          /* B1 */
  tb_op(tb);
  tb_bra(tb, "%p1", "OUT");  /* break */
  tb_op(tb);                 /* B2 */
  tb_bra(tb, "%p2", "HEAD"); /* continue */
  tb_op(tb);                 /* B3 */
  tb_bra(tb, NULL, "HEAD");
  tb_L(tb, "OUT");           /* B4 */
  tb_ins(tb, PTX_OP_RET, NULL);
  Built b = build(tb);
  Cfg *cfg = b.cfg;
  CHECK_EQ_INT(cfg->nblocks, 5);
  CHECK_EQ_INT(cfg->nloops, 1);
  const CfgLoop *l = &cfg->loops[0];
  CHECK_EQ_INT(l->header, 1);
  CHECK_EQ_INT(l->count, 3);
  CHECK(!l->irreducible && !cfg->irreducible);
  CHECK_EQ_INT(l->nlatches, 2);
  CHECK(l->nlatches == 2 && l->latches[0] == 2 && l->latches[1] == 3);
  CHECK(l->nexits == 1 && l->exits[0] == 4);
  CHECK(l->nentries == 1 && l->entries[0] == 1);
  for (uint32_t i = 0; i < 5; i++) CHECK_EQ_INT(cfg->order[i], i);
  CHECK(cfg_edge_is_back(cfg, 3, 1));
  CHECK(!cfg_edge_is_back(cfg, 1, 2));
  CHECK_EQ_INT(loop_depth(cfg, 2), 1);
  CHECK_EQ_INT(loop_depth(cfg, 4), 0);
  uint32_t idom[] = {CFG_NONE, 0, 1, 2, 1}, ipdom[] = {1, 4, 1, 1, CFG_NONE};
  for (uint32_t i = 0; i < 5; i++) {
    CHECK_EQ_INT(b.dom->idom[i], idom[i]);
    CHECK_EQ_INT(b.dom->ipdom[i], ipdom[i]);
  }
  tb_free(tb);
}

/* The exit block comes before the loop in the source; the order must still put the loop
 * (contiguous) before its exit, and the nested loop inside its parent's range. */
TEST(nested_loops_out_of_source_order) {
  TB *tb = tb_new();
  tb_bra(tb, NULL, "OUTER");   /* B0 */
  tb_L(tb, "DONE");            /* B1 */
  tb_ins(tb, PTX_OP_RET, NULL);
  tb_L(tb, "OUTER");           /* B2 */
  tb_op(tb);
  tb_L(tb, "INNER");           /* B3 */
  tb_op(tb);
  tb_bra(tb, "%p", "INNER");
  tb_op(tb);                   /* B4 */
  tb_bra(tb, "%q", "OUTER");
  tb_bra(tb, NULL, "DONE");    /* B5 */
  Built b = build(tb);
  Cfg *cfg = b.cfg;
  CHECK_EQ_INT(cfg->nblocks, 6);
  CHECK_EQ_INT(cfg->nloops, 2);
  CHECK_EQ_INT(cfg->loops[0].header, 2);
  CHECK_EQ_INT(cfg->loops[0].count, 3);
  CHECK_EQ_INT(cfg->loops[1].header, 3);
  CHECK_EQ_INT(cfg->loops[1].count, 1);
  CHECK_EQ_INT(cfg->loops[1].parent, 0);
  CHECK_EQ_INT(cfg->blocks[3].loop, 1);
  CHECK_EQ_INT(cfg->blocks[4].loop, 0);
  uint32_t want[] = {0, 2, 3, 4, 5, 1};
  for (uint32_t i = 0; i < 6; i++) CHECK_EQ_INT(cfg->order[i], want[i]);
  CHECK_EQ_INT(b.dom->idom[1], 5);
  tb_free(tb);
}

TEST(irreducible) {
  TB *tb = tb_new();
  tb_bra(tb, "%p", "BB");   /* B0 */
  tb_L(tb, "AA");           /* B1 */
  tb_op(tb);
  tb_bra(tb, NULL, "BB");
  tb_L(tb, "BB");           /* B2 */
  tb_op(tb);
  tb_bra(tb, "%q", "AA");
  tb_ins(tb, PTX_OP_RET, NULL); /* B3 */
  Built b = build(tb);
  Cfg *cfg = b.cfg;
  CHECK_EQ_INT(cfg->nblocks, 4);
  CHECK_EQ_INT(cfg->nloops, 1);
  CHECK(cfg->irreducible);
  CHECK(cfg->loops[0].irreducible);
  CHECK_EQ_INT(cfg->loops[0].nentries, 2);
  CHECK_EQ_INT(cfg->loops[0].count, 2);
  CHECK_EQ_INT(cfg->order[0], 0);
  CHECK_EQ_INT(cfg->order[3], 3);
  CHECK_EQ_INT(b.dom->idom[1], 0);
  CHECK_EQ_INT(b.dom->idom[2], 0);
  CHECK_EQ_INT(b.dom->idom[3], 2);
  CHECK_EQ_INT(b.dom->ipdom[1], 2);
  CHECK_EQ_INT(b.dom->ipdom[0], 2);
  tb_free(tb);
}

TEST(early_return_and_unreachable) {
  TB *tb = tb_new();
  tb_ins(tb, PTX_OP_RET, "%p"); /* B0: guarded ret */
  tb_op(tb);                    /* B1 */
  tb_bra(tb, NULL, "END");
  tb_op(tb);                    /* B2: unreachable */
  tb_L(tb, "END");              /* B3 */
  tb_op(tb);                    /* runs off the end */
  Built b = build(tb);
  Cfg *cfg = b.cfg;
  CHECK_EQ_INT(cfg->nblocks, 4);
  CHECK(cfg->blocks[0].exits && cfg->blocks[0].guarded);
  CHECK(SUCCS(cfg, 0, 1));
  CHECK(!cfg->blocks[2].reachable);
  CHECK_EQ_INT(cfg->nreachable, 3);
  CHECK_EQ_INT(cfg->order[3], 2);
  CHECK(cfg->blocks[3].exits && cfg->blocks[3].nsuccs == 0);
  CHECK_EQ_INT(b.dom->ipdom[0], CFG_NONE); /* some lanes leave at once */
  CHECK_EQ_INT(b.dom->ipdom[1], 3);
  CHECK_EQ_INT(b.dom->idom[2], CFG_NONE);
  CHECK(!dom_dominates(b.dom, 0, 2));
  tb_free(tb);
}

TEST(brx_idx) {
  TB *tb = tb_new();
  const char *targets[] = {"L2", "L1", "L2"};
  tb_brx(tb, "TBL", targets, 3); /* B0 (the table label starts no block) */
  tb_L(tb, "L1");                /* B1 */
  tb_op(tb);
  tb_bra(tb, NULL, "END");
  tb_L(tb, "L2");                /* B2 */
  tb_op(tb);
  tb_L(tb, "END");               /* B3 */
  tb_ins(tb, PTX_OP_RET, NULL);
  Built b = build(tb);
  Cfg *cfg = b.cfg;
  CHECK_EQ_INT(cfg->nblocks, 4);
  CHECK(cfg->blocks[0].term_kind == CFG_TERM_BRX);
  CHECK(SUCCS(cfg, 0, 2, 1)); /* table order, duplicates once */
  CHECK_EQ_INT(b.dom->ipdom[0], 3);
  CHECK_EQ_INT(cfg_block_of_label(cfg, tb_label_get(tb, "TBL")), CFG_NONE);
  tb_free(tb);
}

TEST(barriers_split_blocks) {
  TB *tb = tb_new();
  tb_op(tb);
  tb_ins(tb, PTX_OP_BAR, NULL); /* B0 ends here */
  tb_op(tb);                    /* B1 */
  tb_ins(tb, PTX_OP_BARRIER, NULL);
  tb_ins(tb, PTX_OP_SHFL, NULL); /* B2 */
  tb_ins(tb, PTX_OP_BAR_WARP_SYNC, NULL);
  tb_ins(tb, PTX_OP_RET, NULL);
  Built b = build(tb);
  Cfg *cfg = b.cfg;
  CHECK_EQ_INT(cfg->nblocks, 3);
  CHECK(cfg->blocks[0].ends_with_barrier && cfg->blocks[0].barrier_stmt == 1);
  CHECK(cfg->blocks[1].ends_with_barrier && cfg->blocks[1].barrier_stmt == 3);
  CHECK(!cfg->blocks[2].has_barrier); /* bar.warp.sync is a warp op, not a CTA barrier */
  CHECK(cfg->blocks[2].has_warp_op && !cfg->blocks[0].has_warp_op);
  CHECK(SUCCS(cfg, 0, 1) && SUCCS(cfg, 1, 2));
  CHECK(cfg->has_barrier && cfg->has_warp_op);
  tb_free(tb);
}

TEST(bad_branch_target_is_a_diagnostic) {
  TB *tb = tb_new();
  tb_bra(tb, NULL, "NOWHERE"); /* never placed */
  tb_ins(tb, PTX_OP_RET, NULL);
  PtxFunc *f = tb_finish(tb);
  DiagSink d;
  diag_init(&d, "test", NULL, 0);
  CHECK(cfg_build(f, &tb->arena, &d) == NULL);
  CHECK(diag_has_errors(&d));
  diag_fini(&d);
  tb_free(tb);
}

TEST(guarded_terminator_at_end_gets_a_fallthrough_block) {
  TB *tb = tb_new();
  tb_L(tb, "TOP");
  tb_op(tb);
  tb_bra(tb, "%p", "TOP"); /* the last statement */
  Built b = build(tb);
  Cfg *cfg = b.cfg;
  CHECK_EQ_INT(cfg->nblocks, 2);
  CHECK(SUCCS(cfg, 0, 0, 1));
  CHECK(cfg->blocks[1].first == cfg->blocks[1].end && cfg->blocks[1].exits);
  CHECK(cfg->blocks[1].nsuccs == 0 && cfg->blocks[1].reachable);
  CHECK_EQ_INT(b.dom->ipdom[0], 1);
  tb_free(tb);
}

TEST(empty_body) {
  TB *tb = tb_new();
  Built b = build(tb);
  CHECK(b.cfg && b.cfg->nblocks == 1 && b.cfg->blocks[0].exits);
  tb_free(tb);
}

/* ---- Random CFGs against the definition of dominance ---- */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(uint32_t n) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state % n);
}

/* a dominates b iff b is unreachable from the entry once a is removed. */
static bool naive_dominates(const Cfg *cfg, uint32_t a, uint32_t b, bool reverse) {
  uint32_t nb = cfg->nblocks;
  bool *seen = xcalloc(nb + 1, sizeof(bool));
  uint32_t *st = xmalloc((nb + 1) * sizeof(uint32_t)), sp = 0;
  /* Forward: from block 0. Reverse: from every exiting block, along predecessors. */
  if (!reverse) {
    if (a != 0) {
      seen[0] = true;
      st[sp++] = 0;
    }
  } else {
    for (uint32_t v = 0; v < nb; v++)
      if (cfg->blocks[v].reachable && cfg->blocks[v].exits && v != a) {
        seen[v] = true;
        st[sp++] = v;
      }
  }
  while (sp) {
    const CfgBlock *v = &cfg->blocks[st[--sp]];
    uint32_t n = reverse ? v->npreds : v->nsuccs;
    for (uint32_t k = 0; k < n; k++) {
      uint32_t w = reverse ? v->preds[k] : v->succs[k];
      if (w == a || seen[w] || !cfg->blocks[w].reachable) continue;
      seen[w] = true;
      st[sp++] = w;
    }
  }
  bool r = !seen[b];
  free(seen);
  free(st);
  return r;
}

TEST(random_cfgs_match_naive_dominators) {
  char name[32], target[32];
  for (int iter = 0; iter < 300; iter++) {
    TB *tb = tb_new();
    uint32_t n = 2 + rnd(12);
    for (uint32_t i = 0; i < n; i++) {
      snprintf(name, sizeof name, "L%u", i);
      tb_L(tb, name);
      tb_op(tb);
      uint32_t kind = rnd(10);
      snprintf(target, sizeof target, "L%u", rnd(n));
      if (kind < 3) tb_bra(tb, "%p", target);
      else if (kind < 5) tb_bra(tb, NULL, target);
      else if (kind == 5) tb_ins(tb, PTX_OP_RET, rnd(2) ? "%p" : NULL);
      else if (kind == 6) {
        char t1[32], t2[32];
        snprintf(t1, sizeof t1, "L%u", rnd(n));
        snprintf(t2, sizeof t2, "L%u", rnd(n));
        const char *ts[] = {target, t1, t2};
        snprintf(name, sizeof name, "T%u", i);
        tb_brx(tb, name, ts, 3);
      }
    }
    tb_ins(tb, PTX_OP_RET, NULL);
    Built b = build(tb);
    if (!b.cfg) {
      tb_free(tb);
      continue;
    }
    const Cfg *cfg = b.cfg;
    /* Post-dominance is only defined by the naive rule when every block reaches an exit. */
    bool all_exit = true;
    {
      /* Blocks from which no exit is reachable. */
      uint32_t nb = cfg->nblocks;
      bool *r = xcalloc(nb, sizeof(bool));
      bool changed = true;
      while (changed) {
        changed = false;
        for (uint32_t v = 0; v < nb; v++) {
          if (r[v]) continue;
          bool x = cfg->blocks[v].exits;
          for (uint32_t k = 0; k < cfg->blocks[v].nsuccs; k++) x |= r[cfg->blocks[v].succs[k]];
          if (x) r[v] = changed = true;
        }
      }
      for (uint32_t v = 0; v < nb; v++)
        if (cfg->blocks[v].reachable && !r[v]) all_exit = false;
      free(r);
    }
    for (uint32_t a = 0; a < cfg->nblocks; a++)
      for (uint32_t c = 0; c < cfg->nblocks; c++) {
        if (!cfg->blocks[a].reachable || !cfg->blocks[c].reachable) continue;
        bool want = a == c || naive_dominates(cfg, a, c, false);
        if (dom_dominates(b.dom, a, c) != want) {
          fprintf(stderr, "  iter %d: dominates(B%u, B%u) should be %d\n", iter, a, c, want);
          test_failures_in_current++;
        }
        if (all_exit) {
          bool pwant = a == c || naive_dominates(cfg, a, c, true);
          if (dom_postdominates(b.dom, a, c) != pwant) {
            fprintf(stderr, "  iter %d: postdominates(B%u, B%u) should be %d\n", iter, a, c, pwant);
            test_failures_in_current++;
          }
        }
      }
    tb_free(tb);
  }
}

/* ---- Random programs run two ways: every lane on its own (the reference), and as one
 * group under thread frontiers (lowest pending priority first) with every register the
 * analysis calls UNIFORM or AFFINE kept as one scalar (lane 0's value) written without a
 * mask, as codegen may. Any difference in what the lanes store is an unsound shape. ---- */
enum { SIM_G = 8, SIM_REGS = 6, SIM_PREDS = 3, SIM_BUDGET = 40, SIM_TID0 = 8, SIM_CTAID = 3 };

static PtxOperand *opnds(TB *tb, PtxInstr *ins, uint32_t n) {
  ins->operands = ARENA_ARRAY(&tb->arena, PtxOperand, n);
  ins->noperands = n;
  for (uint32_t i = 0; i < n; i++) ins->operands[i].component = -1;
  return ins->operands;
}
static void set_reg(TB *tb, PtxOperand *o, const char *prefix, uint32_t i, PtxType t) {
  char name[16];
  snprintf(name, sizeof name, "%s%u", prefix, i);
  o->kind = PTX_OPND_REG;
  o->reg = tb_reg(tb, name, t);
}
static void set_imm(PtxOperand *o, int64_t v) {
  o->kind = PTX_OPND_IMM_INT;
  o->imm.i = v;
}
static PtxInstr *sim_ins(TB *tb, PtxOpcode op, const char *guard, PtxMod cmp) {
  PtxInstr *ins = tb_ins(tb, op, guard);
  ins->types[0] = PTX_MOD_S32;
  ins->ntypes = 1;
  ins->mods = ARENA_ARRAY(&tb->arena, PtxMod, 2);
  ins->mods[ins->nmods++] = PTX_MOD_S32;
  if (cmp) ins->mods[ins->nmods++] = cmp;
  return ins;
}

static void gen_program(TB *tb, uint32_t nblocks) {
  char name[16], g[16];
  /* Every register starts defined, as compiled code has them: %r0 is the thread index,
   * the predicates split the group from the start. */
  for (uint32_t r = 0; r < SIM_REGS; r++) {
    PtxOperand *o = opnds(tb, sim_ins(tb, PTX_OP_MOV, NULL, 0), 2);
    set_reg(tb, &o[0], "%r", r, PTX_MOD_S32);
    if (r == 0) {
      o[1].kind = PTX_OPND_SREG;
      o[1].sreg = PTX_SREG_TID;
      o[1].component = 0;
    } else {
      set_imm(&o[1], r);
    }
  }
  for (uint32_t p = 0; p < SIM_PREDS; p++) {
    PtxOperand *o = opnds(tb, sim_ins(tb, PTX_OP_SETP, NULL, PTX_MOD_LT), 3);
    set_reg(tb, &o[0], "%p", p, PTX_MOD_PRED);
    set_reg(tb, &o[1], "%r", 0, PTX_MOD_S32);
    set_imm(&o[2], SIM_TID0 + 2 + 2 * p);
  }
  for (uint32_t b = 0; b < nblocks; b++) {
    snprintf(name, sizeof name, "L%u", b);
    tb_L(tb, name);
    uint32_t n = 1 + rnd(4);
    for (uint32_t k = 0; k < n; k++) {
      const char *guard = NULL;
      if (rnd(6) == 0) {
        snprintf(g, sizeof g, "%s%%p%u", rnd(2) ? "!" : "", rnd(SIM_PREDS));
        guard = g;
      }
      /* %r0 holds per-lane values and feeds the predicates, so branches diverge; the
       * other registers mostly stay uniform, so divergence has something to break. */
      uint32_t d = 1 + rnd(SIM_REGS - 1), a = rnd(8) ? 1 + rnd(SIM_REGS - 1) : 0;
      switch (rnd(7)) {
      case 0: { /* mov r0, %tid.x | mov r, %ctaid.x */
        if (rnd(3) == 0) d = 0;
        PtxOperand *o = opnds(tb, sim_ins(tb, PTX_OP_MOV, guard, 0), 2);
        set_reg(tb, &o[0], "%r", d, PTX_MOD_S32);
        o[1].kind = PTX_OPND_SREG;
        o[1].sreg = d == 0 ? PTX_SREG_TID : PTX_SREG_CTAID;
        o[1].component = 0;
        break;
      }
      case 1: { /* mov r, imm */
        PtxOperand *o = opnds(tb, sim_ins(tb, PTX_OP_MOV, guard, 0), 2);
        set_reg(tb, &o[0], "%r", d, PTX_MOD_S32);
        set_imm(&o[1], (int64_t)rnd(5));
        break;
      }
      case 2: { /* add r, a, b|imm */
        PtxOperand *o = opnds(tb, sim_ins(tb, PTX_OP_ADD, guard, 0), 3);
        set_reg(tb, &o[0], "%r", d, PTX_MOD_S32);
        set_reg(tb, &o[1], "%r", a, PTX_MOD_S32);
        if (rnd(2)) set_reg(tb, &o[2], "%r", rnd(SIM_REGS), PTX_MOD_S32);
        else set_imm(&o[2], (int64_t)rnd(3));
        break;
      }
      case 3: { /* mul.lo r, a, imm */
        PtxOperand *o = opnds(tb, sim_ins(tb, PTX_OP_MUL, guard, 0), 3);
        set_reg(tb, &o[0], "%r", d, PTX_MOD_S32);
        set_reg(tb, &o[1], "%r", a, PTX_MOD_S32);
        set_imm(&o[2], (int64_t)rnd(4) - 1);
        break;
      }
      case 4: { /* setp.lt p, a, b|imm */
        PtxOperand *o = opnds(tb, sim_ins(tb, PTX_OP_SETP, guard, PTX_MOD_LT), 3);
        set_reg(tb, &o[0], "%p", rnd(SIM_PREDS), PTX_MOD_PRED);
        set_reg(tb, &o[1], "%r", rnd(2) ? 0 : a, PTX_MOD_S32);
        if (rnd(2)) set_reg(tb, &o[2], "%r", rnd(SIM_REGS), PTX_MOD_S32);
        else set_imm(&o[2], (int64_t)rnd(16) + 4);
        break;
      }
      default: { /* st: record a value in the lane's trace */
        PtxOperand *o = opnds(tb, sim_ins(tb, PTX_OP_ST, guard, 0), 1);
        set_reg(tb, &o[0], "%r", a, PTX_MOD_S32);
        break;
      }
      }
    }
    uint32_t kind = rnd(8);
    /* Mostly forward: lanes caught in a loop until their budget runs out teach little. */
    uint32_t t = b + 1 < nblocks && rnd(5) ? b + 1 + rnd(nblocks - b - 1) : rnd(nblocks);
    snprintf(name, sizeof name, "L%u", t);
    snprintf(g, sizeof g, "%s%%p%u", rnd(2) ? "!" : "", rnd(SIM_PREDS));
    if (kind < 4) tb_bra(tb, g, name);
    else if (kind < 5) tb_bra(tb, NULL, name);
    else if (kind == 5 && rnd(3) == 0) tb_ins(tb, PTX_OP_RET, rnd(2) ? g : NULL);
  }
  tb_ins(tb, PTX_OP_RET, NULL);
}

typedef struct Sim {
  const PtxFunc *f;
  const Cfg *cfg;
  const ShapeInfo *shapes;
  bool scalar_uniform; /* TF mode: UNIFORM registers are one scalar */
  uint32_t val[SIM_G][64];
  uint32_t scalar[64];
  uint32_t trace[SIM_G][256];
  uint32_t ntrace[SIM_G];
  uint32_t budget[SIM_G];
  bool bad_uniform_def; /* or an AFFINE read off its stride, or a convergent block run
                          without every live lane */
} Sim;

/* UNIFORM and AFFINE registers are kept as lane 0's value (the stride is implied). */
static bool is_scalar(const Sim *s, const PtxReg *r) {
  return s->scalar_uniform && s->shapes->regs[r->id].kind != SHAPE_VARYING;
}
static uint32_t lane_offset(const Sim *s, const PtxReg *r, int lane) {
  const Shape *sh = &s->shapes->regs[r->id];
  return sh->kind == SHAPE_AFFINE ? (uint32_t)((int64_t)lane * sh->stride) : 0;
}
static uint32_t sim_read(const Sim *s, int lane, const PtxOperand *o) {
  switch (o->kind) {
  case PTX_OPND_REG: {
    uint32_t v = is_scalar(s, o->reg) ? s->scalar[o->reg->id] + lane_offset(s, o->reg, lane)
                                      : s->val[lane][o->reg->id];
    return o->neg ? !v : v;
  }
  case PTX_OPND_IMM_INT: return (uint32_t)o->imm.u;
  case PTX_OPND_SREG: return o->sreg == PTX_SREG_TID ? SIM_TID0 + (uint32_t)lane : SIM_CTAID;
  default: return 0;
  }
}

/* Runs the instructions of block b for the lanes in mask; returns the lanes still alive
 * and, through *taken, those whose guarded branch / ret fires. */
static void sim_block(Sim *s, uint32_t b, uint32_t mask, uint32_t *fire) {
  const CfgBlock *blk = &s->cfg->blocks[b];
  *fire = 0;
  for (uint32_t i = blk->first; i < blk->end; i++) {
    if (s->f->body[i].kind != PTX_STMT_INSTR) continue;
    const PtxInstr *ins = s->f->body[i].instr;
    uint32_t act = 0;
    for (int l = 0; l < SIM_G; l++)
      if ((mask >> l & 1) && (!ins->guard || sim_read(s, l, ins->guard))) act |= 1u << l;
    if (i == blk->term) {
      *fire = act;
      return;
    }
    if (!act) continue;
    const PtxOperand *o = ins->operands;
    uint32_t v[SIM_G] = {0};
    for (int l = 0; l < SIM_G; l++) {
      if (!(act >> l & 1)) continue;
      switch (ins->op) {
      case PTX_OP_MOV: v[l] = sim_read(s, l, &o[1]); break;
      case PTX_OP_ADD: v[l] = sim_read(s, l, &o[1]) + sim_read(s, l, &o[2]); break;
      case PTX_OP_MUL: v[l] = sim_read(s, l, &o[1]) * sim_read(s, l, &o[2]); break;
      case PTX_OP_SETP: v[l] = (int32_t)sim_read(s, l, &o[1]) < (int32_t)sim_read(s, l, &o[2]); break;
      case PTX_OP_ST:
        if (s->ntrace[l] < 256) s->trace[l][s->ntrace[l]++] = i * 1000003u + sim_read(s, l, &o[0]);
        break;
      default: break;
      }
    }
    if (ins->op == PTX_OP_ST) continue;
    const PtxReg *d = o[0].reg;
    if (is_scalar(s, d)) {
      int first = __builtin_ctz(act);
      uint32_t base = v[first] - lane_offset(s, d, first);
      for (int l = 0; l < SIM_G; l++)
        if ((act >> l & 1) && v[l] != base + lane_offset(s, d, l)) s->bad_uniform_def = true;
      s->scalar[d->id] = base;
    } else {
      for (int l = 0; l < SIM_G; l++)
        if (act >> l & 1) s->val[l][d->id] = v[l];
    }
  }
}

/* One lane alone, or the whole group under thread frontiers. */
static void sim_run(Sim *s, bool group) {
  const Cfg *cfg = s->cfg;
  uint32_t pending[64] = {0};
  for (int l = 0; l < SIM_G; l++) s->budget[l] = SIM_BUDGET;
  uint32_t all = (1u << SIM_G) - 1;
  if (!group) {
    for (int l = 0; l < SIM_G; l++) {
      uint32_t b = 0;
      for (;;) {
        if (s->budget[l]-- == 0) break;
        uint32_t fire;
        sim_block(s, b, 1u << l, &fire);
        const CfgBlock *blk = &cfg->blocks[b];
        uint32_t next;
        if (blk->term_kind == CFG_TERM_BRA) next = fire ? blk->succs[0] : blk->guarded ? blk->succs[1] : CFG_NONE;
        else if (blk->term_kind == CFG_TERM_RET) next = fire || !blk->nsuccs ? CFG_NONE : blk->succs[0];
        else next = blk->nsuccs ? blk->succs[0] : CFG_NONE;
        if (next == CFG_NONE) break;
        b = next;
      }
    }
    return;
  }
  pending[0] = all;
  uint32_t alive = all;
  for (;;) {
    uint32_t b = CFG_NONE;
    for (uint32_t p = 0; p < cfg->nreachable && b == CFG_NONE; p++)
      if (pending[cfg->order[p]]) b = cfg->order[p];
    if (b == CFG_NONE) break;
    uint32_t mask = pending[b];
    pending[b] = 0;
    for (int l = 0; l < SIM_G; l++)
      if ((mask >> l & 1) && s->budget[l]-- == 0) {
        mask &= ~(1u << l);
        alive &= ~(1u << l);
      }
    if (!mask) continue;
    /* A block the analysis calls convergent runs with every live lane. */
    if (!s->shapes->block_divergent[b] && mask != alive) s->bad_uniform_def = true;
    uint32_t fire;
    sim_block(s, b, mask, &fire);
    const CfgBlock *blk = &cfg->blocks[b];
    if (blk->term_kind == CFG_TERM_RET || (blk->nsuccs == 0 && blk->term_kind == CFG_TERM_NONE)) {
      uint32_t gone = blk->term_kind == CFG_TERM_RET ? (blk->nsuccs ? fire : mask) : mask;
      alive &= ~gone;
    }
    if (blk->term_kind == CFG_TERM_BRA) {
      pending[blk->succs[0]] |= fire;
      if (blk->guarded) pending[blk->succs[1]] |= mask & ~fire;
    } else if (blk->term_kind == CFG_TERM_RET) {
      if (blk->nsuccs) pending[blk->succs[0]] |= mask & ~fire;
    } else if (blk->nsuccs) {
      pending[blk->succs[0]] |= mask;
    }
  }
}

TEST(random_programs_shapes_sound_under_thread_frontiers) {
  unsigned checked = 0, with_uniform = 0;
  for (int iter = 0; iter < 400; iter++) {
    TB *tb = tb_new();
    gen_program(tb, 2 + rnd(8));
    PtxFunc *f = tb_finish(tb);
    DiagSink d;
    diag_init(&d, "test", NULL, 0);
    FuncAnalysis fa;
    bool ok = analysis_run(f, (KDim3){64, 1, 1}, SIM_G, &tb->arena, &fa, &d);
    CHECK(ok);
    if (!ok || fa.cfg->nblocks > 64 || f->nregs > 64) {
      diag_fini(&d);
      tb_free(tb);
      continue;
    }
    Sim *ref = xcalloc(1, sizeof(Sim)), *tf = xcalloc(1, sizeof(Sim));
    *ref = (Sim){.f = f, .cfg = fa.cfg, .shapes = fa.shapes};
    *tf = (Sim){.f = f, .cfg = fa.cfg, .shapes = fa.shapes, .scalar_uniform = true};
    sim_run(ref, false);
    sim_run(tf, true);
    bool same = !tf->bad_uniform_def;
    for (int l = 0; l < SIM_G; l++) {
      same &= ref->ntrace[l] == tf->ntrace[l];
      same &= memcmp(ref->trace[l], tf->trace[l], ref->ntrace[l] * sizeof(uint32_t)) == 0;
    }
    for (uint32_t r = 0; r < f->nregs; r++) with_uniform += fa.shapes->regs[r].kind == SHAPE_UNIFORM;
    if (!same) {
      StrBuf sb = {0};
      cfg_print(fa.cfg, &sb);
      for (uint32_t r = 0; r < f->nregs; r++) {
        strbuf_printf(&sb, "  %s: ", f->regs[r]->name);
        shape_print(fa.shapes->regs[r], &sb);
        strbuf_puts(&sb, "\n");
      }
      fprintf(stderr, "  iter %d: %s\n%s", iter,
              tf->bad_uniform_def ? "a shape or block_divergent claim broke" : "traces differ",
              sb.data);
      strbuf_free(&sb);
      test_failures_in_current++;
    }
    checked++;
    free(ref);
    free(tf);
    diag_fini(&d);
    tb_free(tb);
  }
  CHECK(checked > 300);
  CHECK(with_uniform > 1000); /* the test exercises scalar registers, not only vectors */
}
