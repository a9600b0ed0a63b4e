/* analysis: the priority order and the loop forest, built together by recursive
 * decomposition into strongly connected components (as Bourdoncle's weak topological
 * order): a topological order of the components, each non-trivial one a loop whose
 * blocks are placed contiguously, header first, then ordered the same way with the edges
 * into its header removed. It needs no reducibility, which thread frontiers do not need
 * either; for reducible CFGs the loops are exactly the natural loops. */
#include "analysis_internal.h"

typedef struct OrderCtx {
  Cfg *cfg;
  uint32_t *mark; /* region stamp per block */
  uint32_t stamp;
  uint32_t *index, *low; /* Tarjan numbering; UINT32_MAX = not visited */
  bool *onstack;
  uint32_t *stack, sp;
  uint32_t *call_node, *call_edge; /* explicit DFS stack */
  uint32_t counter;
  uint32_t npos; /* next free position in cfg->order */
  VEC(CfgLoop) loops;
} OrderCtx;

/* One region's components, in the order Tarjan finds them (reverse topological). */
typedef struct Comps {
  VEC(uint32_t) nodes; /* component by component, the root (first visited) first */
  VEC(uint32_t) start; /* index into nodes of each component's first node */
} Comps;

static bool in_region(const OrderCtx *c, uint32_t b, uint32_t header) {
  return c->mark[b] == c->stamp && b != header;
}

/* Iterative Tarjan from `root` over the region, ignoring edges into `header`. */
static void tarjan(OrderCtx *c, uint32_t root, uint32_t header, Comps *out) {
  const Cfg *cfg = c->cfg;
  uint32_t depth = 0;
  c->call_node[0] = root;
  c->call_edge[0] = 0;
  c->index[root] = c->low[root] = c->counter++;
  c->stack[c->sp++] = root;
  c->onstack[root] = true;
  depth = 1;
  while (depth) {
    uint32_t v = c->call_node[depth - 1];
    const CfgBlock *blk = &cfg->blocks[v];
    if (c->call_edge[depth - 1] < blk->nsuccs) {
      uint32_t w = blk->succs[c->call_edge[depth - 1]++];
      if (!in_region(c, w, header)) continue;
      if (c->index[w] == UINT32_MAX) {
        c->index[w] = c->low[w] = c->counter++;
        c->stack[c->sp++] = w;
        c->onstack[w] = true;
        c->call_node[depth] = w;
        c->call_edge[depth] = 0;
        depth++;
      } else if (c->onstack[w]) {
        c->low[v] = MIN(c->low[v], c->index[w]);
      }
      continue;
    }
    /* v is finished. */
    depth--;
    if (depth) {
      uint32_t parent = c->call_node[depth - 1];
      c->low[parent] = MIN(c->low[parent], c->low[v]);
    }
    if (c->low[v] == c->index[v]) {
      vec_push(&out->start, (uint32_t)out->nodes.len);
      vec_push(&out->nodes, v); /* the root first */
      for (;;) {
        uint32_t w = c->stack[--c->sp];
        c->onstack[w] = false;
        if (w == v) break;
        vec_push(&out->nodes, w);
      }
    }
  }
}

static void emit(OrderCtx *c, uint32_t b, uint32_t loop) {
  c->cfg->order[c->npos] = b;
  c->cfg->blocks[b].pos = c->npos++;
  c->cfg->blocks[b].loop = loop;
}

static bool has_self_edge(const Cfg *cfg, uint32_t b) {
  for (uint32_t k = 0; k < cfg->blocks[b].nsuccs; k++)
    if (cfg->blocks[b].succs[k] == b) return true;
  return false;
}

/* Orders `nodes` (a region entered at `header`, or the whole reachable CFG when header is
 * CFG_NONE) into cfg->order from c->npos on. `loop` is the loop the region is the body
 * of (CFG_NONE at top level). */
static void order_region(OrderCtx *c, const uint32_t *nodes, uint32_t count, uint32_t header,
                         uint32_t loop, uint32_t depth) {
  c->stamp++;
  for (uint32_t i = 0; i < count; i++) {
    c->mark[nodes[i]] = c->stamp;
    c->index[nodes[i]] = UINT32_MAX;
  }
  Comps comps = {0};
  tarjan(c, header != CFG_NONE ? header : nodes[0], header, &comps);
  /* Every node of a region is reachable from its entry (proof: a shortest path from the
   * header to any node of a strongly connected region never re-enters the header), so
   * this only guards against our own mistakes. */
  for (uint32_t i = 0; i < count; i++)
    if (c->index[nodes[i]] == UINT32_MAX) tarjan(c, nodes[i], header, &comps);

  for (size_t k = comps.start.len; k-- > 0;) {
    uint32_t s = comps.start.data[k];
    uint32_t e = k + 1 < comps.start.len ? comps.start.data[k + 1] : (uint32_t)comps.nodes.len;
    uint32_t root = comps.nodes.data[s];
    if (e - s == 1 && (root == header || !has_self_edge(c->cfg, root))) {
      emit(c, root, loop);
      continue;
    }
    CfgLoop l = {0};
    l.header = root;
    l.parent = loop;
    l.depth = depth + 1;
    l.first = c->npos;
    uint32_t id = (uint32_t)c->loops.len;
    vec_push(&c->loops, l);
    order_region(c, &comps.nodes.data[s], e - s, root, id, depth + 1);
    c->loops.data[id].count = c->npos - c->loops.data[id].first;
  }
  vec_free(&comps.nodes);
  vec_free(&comps.start);
}

typedef VEC(uint32_t) U32Vec;

static uint32_t *vec_to_arena(Arena *arena, U32Vec *v, uint32_t *n) {
  *n = (uint32_t)v->len;
  uint32_t *r = v->len ? arena_memdup(arena, v->data, v->len * sizeof(uint32_t)) : NULL;
  v->len = 0;
  return r;
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

void loop_order_build(Cfg *cfg, Arena *arena) {
  uint32_t nb = cfg->nblocks;
  cfg->order = ARENA_ARRAY(arena, uint32_t, nb);
  OrderCtx c = {0};
  c.cfg = cfg;
  c.mark = xcalloc(nb, sizeof(uint32_t));
  c.index = xmalloc(nb * sizeof(uint32_t));
  c.low = xmalloc(nb * sizeof(uint32_t));
  c.onstack = xcalloc(nb, sizeof(bool));
  c.stack = xmalloc(nb * sizeof(uint32_t));
  c.call_node = xmalloc(nb * sizeof(uint32_t));
  c.call_edge = xmalloc(nb * sizeof(uint32_t));

  U32Vec reach = {0};
  for (uint32_t b = 0; b < nb; b++)
    if (cfg->blocks[b].reachable) vec_push(&reach, b);
  if (reach.len) order_region(&c, reach.data, (uint32_t)reach.len, CFG_NONE, CFG_NONE, 0);
  cfg->nreachable = c.npos;
  for (uint32_t b = 0; b < nb; b++)
    if (!cfg->blocks[b].reachable) emit(&c, b, CFG_NONE);
  vec_free(&reach);

  cfg->nloops = (uint32_t)c.loops.len;
  cfg->loops = c.loops.len ? arena_memdup(arena, c.loops.data, c.loops.len * sizeof(CfgLoop)) : NULL;
  vec_free(&c.loops);

  /* Latches, exits and entries of each loop, from its position range. */
  U32Vec v = {0};
  for (uint32_t l = 0; l < cfg->nloops; l++) {
    CfgLoop *lp = &cfg->loops[l];
#define IN_LOOP(b) (cfg->blocks[b].pos >= lp->first && cfg->blocks[b].pos < lp->first + lp->count)
    const CfgBlock *h = &cfg->blocks[lp->header];
    for (uint32_t k = 0; k < h->npreds; k++)
      if (IN_LOOP(h->preds[k])) vec_push(&v, h->preds[k]);
    lp->latches = vec_to_arena(arena, &v, &lp->nlatches);
    for (uint32_t i = lp->first; i < lp->first + lp->count; i++) {
      const CfgBlock *blk = &cfg->blocks[cfg->order[i]];
      for (uint32_t k = 0; k < blk->nsuccs; k++) {
        uint32_t s = blk->succs[k];
        bool seen = false;
        for (size_t j = 0; j < v.len; j++) seen |= v.data[j] == s;
        if (!IN_LOOP(s) && !seen) vec_push(&v, s);
      }
    }
    qsort(v.data, v.len, sizeof(uint32_t), cmp_u32);
    lp->exits = vec_to_arena(arena, &v, &lp->nexits);
    for (uint32_t i = lp->first; i < lp->first + lp->count; i++) {
      uint32_t b = cfg->order[i];
      const CfgBlock *blk = &cfg->blocks[b];
      bool entry = b == 0;
      for (uint32_t k = 0; k < blk->npreds; k++)
        if (cfg->blocks[blk->preds[k]].reachable && !IN_LOOP(blk->preds[k])) entry = true;
      if (entry) vec_push(&v, b);
    }
    qsort(v.data, v.len, sizeof(uint32_t), cmp_u32);
    lp->entries = vec_to_arena(arena, &v, &lp->nentries);
    lp->irreducible = lp->nentries > 1;
    cfg->irreducible |= lp->irreducible;
#undef IN_LOOP
  }
  vec_free(&v);
  free(c.mark);
  free(c.index);
  free(c.low);
  free(c.onstack);
  free(c.stack);
  free(c.call_node);
  free(c.call_edge);
}

uint32_t loop_depth(const Cfg *cfg, uint32_t block) {
  uint32_t l = cfg->blocks[block].loop;
  return l == CFG_NONE ? 0 : cfg->loops[l].depth;
}

bool loop_verify(const Cfg *cfg, const DomInfo *dom, DiagSink *d) {
  bool ok = true;
  SrcLoc none = {0};
  for (uint32_t l = 0; l < cfg->nloops; l++) {
    const CfgLoop *lp = &cfg->loops[l];
    bool header_dominates = true;
    for (uint32_t i = lp->first; i < lp->first + lp->count; i++)
      header_dominates &= dom_dominates(dom, lp->header, cfg->order[i]);
    if (header_dominates == lp->irreducible) {
      diag_report(d, DIAG_ERROR, none,
                  "internal: loop %u (header B%u) is %sreducible but its header %s its blocks",
                  l, lp->header, lp->irreducible ? "ir" : "",
                  header_dominates ? "dominates" : "does not dominate");
      ok = false;
    }
  }
  /* Every edge to a dominator is a back edge to the header of a loop holding its source. */
  for (uint32_t b = 0; b < cfg->nblocks; b++) {
    const CfgBlock *blk = &cfg->blocks[b];
    if (!blk->reachable) continue;
    for (uint32_t k = 0; k < blk->nsuccs; k++) {
      uint32_t s = blk->succs[k];
      if (!dom_dominates(dom, s, b)) continue;
      bool found = false;
      for (uint32_t l = blk->loop; l != CFG_NONE; l = cfg->loops[l].parent)
        found |= cfg->loops[l].header == s;
      if (!found) {
        diag_report(d, DIAG_ERROR, none,
                    "internal: back edge B%u -> B%u has no loop with that header", b, s);
        ok = false;
      }
    }
  }
  return ok;
}
