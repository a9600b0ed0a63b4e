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
