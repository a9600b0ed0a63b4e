/* analysis: dominators and post-dominators by Cooper, Harvey and Kennedy's iterative
 * algorithm ("A Simple, Fast Dominance Algorithm", 2001). Dominators run on the priority
 * order, which is a reverse post-order of the graph without its back edges, so every
 * block's dominators come before it as the algorithm's intersect needs. Post-dominators
 * run on a reverse post-order of the reversed graph from a virtual exit node. */
#include "analysis_internal.h"

/* Walks two fingers up a tree whose parents have lower `num` until they meet. */
static uint32_t intersect(const uint32_t *parent, const uint32_t *num, uint32_t a, uint32_t b) {
  while (a != b) {
    while (num[a] > num[b]) a = parent[a];
    while (num[b] > num[a]) b = parent[b];
  }
  return a;
}

/* Generic CHK on nodes 0..n-1 given in `rpo` (rpo[0] is the root); preds(v) through the
 * callback. parent[] gets the immediate dominator (root: itself; unvisited: UINT32_MAX). */
typedef struct Graph {
  uint32_t n;
  uint32_t **preds; /* per node */
  uint32_t *npreds;
} Graph;

static void chk(const Graph *g, const uint32_t *rpo, uint32_t nrpo, uint32_t *parent) {
  uint32_t *num = xmalloc(g->n * sizeof(uint32_t));
  for (uint32_t i = 0; i < g->n; i++) {
    num[i] = UINT32_MAX;
    parent[i] = UINT32_MAX;
  }
  for (uint32_t i = 0; i < nrpo; i++) num[rpo[i]] = i;
  parent[rpo[0]] = rpo[0];
  bool changed = true;
  while (changed) {
    changed = false;
    for (uint32_t i = 1; i < nrpo; i++) {
      uint32_t v = rpo[i], nd = UINT32_MAX;
      for (uint32_t k = 0; k < g->npreds[v]; k++) {
        uint32_t p = g->preds[v][k];
        if (num[p] == UINT32_MAX || parent[p] == UINT32_MAX) continue;
        nd = nd == UINT32_MAX ? p : intersect(parent, num, p, nd);
      }
      if (nd != UINT32_MAX && parent[v] != nd) {
        parent[v] = nd;
        changed = true;
      }
    }
  }
  free(num);
}

static void depths(const uint32_t *rpo, uint32_t nrpo, const uint32_t *parent, uint32_t *depth) {
  depth[rpo[0]] = 0;
  for (uint32_t i = 1; i < nrpo; i++) {
    uint32_t v = rpo[i];
    depth[v] = parent[v] == UINT32_MAX ? 0 : depth[parent[v]] + 1;
  }
}

DomInfo *dom_compute(const Cfg *cfg, Arena *arena) {
  uint32_t nb = cfg->nblocks;
  DomInfo *dom = ARENA_NEW(arena, DomInfo);
  dom->nblocks = nb;
  dom->idom = ARENA_ARRAY(arena, uint32_t, nb);
  dom->ipdom = ARENA_ARRAY(arena, uint32_t, nb);
  dom->dom_depth = ARENA_ARRAY(arena, uint32_t, nb);
  dom->pdom_depth = ARENA_ARRAY(arena, uint32_t, nb);

  /* Dominators: the forward graph on the reachable part of the priority order. */
  Graph g = {nb, xmalloc(nb * sizeof(uint32_t *)), xmalloc(nb * sizeof(uint32_t))};
  for (uint32_t b = 0; b < nb; b++) {
    g.preds[b] = cfg->blocks[b].preds;
    g.npreds[b] = cfg->blocks[b].npreds;
  }
  uint32_t *parent = xmalloc((nb + 1) * sizeof(uint32_t));
  uint32_t *depth = xmalloc((nb + 1) * sizeof(uint32_t));
  chk(&g, cfg->order, cfg->nreachable, parent);
  depths(cfg->order, cfg->nreachable, parent, depth);
  for (uint32_t b = 0; b < nb; b++) {
    bool in = cfg->blocks[b].reachable && b != 0 && parent[b] != UINT32_MAX;
    dom->idom[b] = in ? parent[b] : CFG_NONE;
    dom->dom_depth[b] = cfg->blocks[b].reachable ? depth[b] : 0;
  }
  free(g.preds);
  free(g.npreds);

  /* Post-dominators: reversed graph with a virtual exit X = nb whose "predecessors" (in
   * the reversed graph: the nodes it reaches) are the exiting blocks. The predecessors of
   * a node in the reversed graph are its successors. */
  uint32_t X = nb;
  Graph r = {nb + 1, xmalloc((nb + 1) * sizeof(uint32_t *)), xcalloc(nb + 1, sizeof(uint32_t))};
  VEC(uint32_t) roots = {0}; /* blocks X links to */
  for (uint32_t b = 0; b < nb; b++) {
    r.preds[b] = cfg->blocks[b].succs;
    r.npreds[b] = cfg->blocks[b].nsuccs;
    if (cfg->blocks[b].reachable && cfg->blocks[b].exits) vec_push(&roots, b);
  }
  /* DFS in the reversed graph from X for a post-order; blocks that no exit reaches (endless
   * loops) get a link from X too: the latest such block in priority order, repeatedly. */
  uint32_t *post = xmalloc((nb + 1) * sizeof(uint32_t));
  uint32_t npost = 0;
  bool *seen = xcalloc(nb + 1, sizeof(bool));
  uint32_t *stk = xmalloc((nb + 1) * sizeof(uint32_t)), *edge = xmalloc((nb + 1) * sizeof(uint32_t));
  size_t root_i = 0;
  uint32_t scan = cfg->nreachable; /* next candidate for an extra root, from the end */
  seen[X] = true;
  for (;;) {
    while (root_i < roots.len) {
      uint32_t root = roots.data[root_i++];
      if (seen[root]) continue;
      uint32_t sp = 0;
      stk[sp] = root;
      edge[sp++] = 0;
      seen[root] = true;
      while (sp) {
        uint32_t v = stk[sp - 1];
        const CfgBlock *blk = &cfg->blocks[v];
        if (edge[sp - 1] < blk->npreds) {
          uint32_t w = blk->preds[edge[sp - 1]++];
          if (!seen[w] && cfg->blocks[w].reachable) {
            seen[w] = true;
            stk[sp] = w;
            edge[sp++] = 0;
          }
        } else {
          post[npost++] = v;
          sp--;
        }
      }
    }
    while (scan > 0 && seen[cfg->order[scan - 1]]) scan--;
    if (scan == 0) break;
    vec_push(&roots, cfg->order[scan - 1]);
  }
  post[npost++] = X;
  r.preds[X] = NULL;
  r.npreds[X] = 0;
  /* The reversed graph's predecessors of a root include X: give every root X as an extra
   * successor by building its list anew. */
  uint32_t **extra = xcalloc(nb, sizeof(uint32_t *));
  for (size_t i = 0; i < roots.len; i++) {
    uint32_t b = roots.data[i];
    uint32_t *list = xmalloc((cfg->blocks[b].nsuccs + 1) * sizeof(uint32_t));
    if (cfg->blocks[b].nsuccs) memcpy(list, cfg->blocks[b].succs, cfg->blocks[b].nsuccs * sizeof(uint32_t));
    list[cfg->blocks[b].nsuccs] = X;
    extra[b] = list;
    r.preds[b] = list;
    r.npreds[b] = cfg->blocks[b].nsuccs + 1;
  }
  /* Reverse post-order of the reversed graph: X first. */
  uint32_t *rrpo = xmalloc((nb + 1) * sizeof(uint32_t));
  for (uint32_t i = 0; i < npost; i++) rrpo[i] = post[npost - 1 - i];
  chk(&r, rrpo, npost, parent);
  depths(rrpo, npost, parent, depth);
  for (uint32_t b = 0; b < nb; b++) {
    bool in = cfg->blocks[b].reachable && parent[b] != UINT32_MAX && parent[b] != X;
    dom->ipdom[b] = in ? parent[b] : CFG_NONE;
    dom->pdom_depth[b] = cfg->blocks[b].reachable ? depth[b] : 0;
  }
  for (uint32_t b = 0; b < nb; b++) free(extra[b]);
  free(extra);
  free(rrpo);
  free(post);
  free(seen);
  free(stk);
  free(edge);
  vec_free(&roots);
  free(r.preds);
  free(r.npreds);
  free(parent);
  free(depth);
  return dom;
}

bool dom_dominates(const DomInfo *dom, uint32_t a, uint32_t b) {
  if (a >= dom->nblocks || b >= dom->nblocks) return false;
  if (a == b) return true;
  while (b != CFG_NONE && dom->dom_depth[b] > dom->dom_depth[a]) b = dom->idom[b];
  return b == a;
}

bool dom_postdominates(const DomInfo *dom, uint32_t a, uint32_t b) {
  if (a >= dom->nblocks || b >= dom->nblocks) return false;
  if (a == b) return true;
  while (b != CFG_NONE && dom->pdom_depth[b] > dom->pdom_depth[a]) b = dom->ipdom[b];
  return b == a;
}

static uint32_t common(const uint32_t *parent, const uint32_t *depth, uint32_t a, uint32_t b) {
  while (a != CFG_NONE && b != CFG_NONE && a != b) {
    if (depth[a] >= depth[b]) a = parent[a];
    else b = parent[b];
  }
  return a == b ? a : CFG_NONE;
}

uint32_t dom_common(const DomInfo *dom, uint32_t a, uint32_t b) {
  if (a >= dom->nblocks || b >= dom->nblocks) return CFG_NONE;
  return common(dom->idom, dom->dom_depth, a, b);
}

uint32_t dom_common_post(const DomInfo *dom, uint32_t a, uint32_t b) {
  if (a >= dom->nblocks || b >= dom->nblocks) return CFG_NONE;
  return common(dom->ipdom, dom->pdom_depth, a, b);
}
