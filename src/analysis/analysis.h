/* analysis: what codegen needs to know about a PTX function before it emits vector code —
 * basic blocks and their priority order for thread frontiers (cfg_), dominators and
 * post-dominators (dom_), loops (loop_), and the shape of every register (shape_).
 * Everything lives in the caller's arena; nothing here is freed on its own. */
#ifndef PTXVM_ANALYSIS_H
#define PTXVM_ANALYSIS_H

#include "base.h"
#include "kernel_abi.h"
#include "ptx.h"

#define CFG_NONE UINT32_MAX /* "no block": no successor, no immediate dominator, ... */

/* ======================================================================================
 * CFG
 * ==================================================================================== */

/* How a block ends. A guarded terminator (@%p bra / @%p ret ...) falls through to the
 * next block when its guard is false: that fallthrough is then its last successor, and it
 * always exists (a guarded terminator at the very end of a body gets an empty block
 * after it, which runs off the end). */
typedef enum CfgTermKind {
  CFG_TERM_NONE,  /* no control instruction: falls into the next block (a label follows, or
                     the block ends with a barrier); the last block of a body that runs
                     off its end has no successor and exits */
  CFG_TERM_BRA,   /* bra, bra.uni: succs[0] = target [, succs[1] = fallthrough if guarded] */
  CFG_TERM_BRX,   /* brx.idx: succs = distinct table targets in table order
                     [, fallthrough last if guarded]; the instruction keeps the table */
  CFG_TERM_RET,   /* ret: lanes leave the function [guarded: succs[0] = fallthrough] */
  CFG_TERM_EXIT,  /* exit: lanes end [guarded: succs[0] = fallthrough] */
  CFG_TERM_TRAP,  /* trap: the launch stops [guarded: succs[0] = fallthrough] */
} CfgTermKind;

typedef struct CfgBlock {
  uint32_t id;          /* index in Cfg.blocks: blocks are numbered in source order */
  uint32_t first, end;  /* the statements it covers: f->body[first .. end); declarations
                           and .loc lines after a terminator stay with the block before */
  PtxLabel *label;      /* the label that starts it, or NULL (entry, or after a
                           terminator/barrier); further labels may follow inside an
                           empty-instruction prefix: cfg_block_of_label resolves them all */
  uint32_t term;        /* statement index of the terminator, or CFG_NONE (TERM_NONE) */
  CfgTermKind term_kind;
  bool guarded;         /* the terminator has a guard (so a fallthrough successor) */
  uint32_t *succs;      /* successor block ids, in the order described at CfgTermKind */
  uint32_t nsuccs;
  uint32_t *preds;      /* predecessor block ids, ascending, no duplicates */
  uint32_t npreds;
  uint32_t pos;         /* position in Cfg.order: the thread-frontier priority (lower
                           runs first) */
  uint32_t loop;        /* innermost loop (index in Cfg.loops), or CFG_NONE */
  bool reachable;       /* reachable from the entry; unreachable blocks are kept */
  bool exits;           /* some lanes may leave the function here (ret/exit/trap, guarded
                           or not, or running off the end of the body) */
  bool has_barrier;     /* contains a CTA barrier (bar.sync, barrier.sync, bar.red,
                           bar.arrive, barrier.arrive ...) */
  bool ends_with_barrier; /* ... as its last instruction: blocks split after every barrier,
                           so this is where a group suspends; then barrier_stmt says which */
  uint32_t barrier_stmt;  /* statement index of that barrier, or CFG_NONE */
  bool has_warp_op;     /* shfl, vote, match, redux, activemask, bar.warp.sync, elect */
  bool has_call;        /* a call instruction */
} CfgBlock;

/* A loop: a strongly connected region of the CFG, found by recursive decomposition into
 * strongly connected components (Bourdoncle-style), so it exists for irreducible CFGs too.
 * Its blocks are exactly Cfg.order[first .. first + count): loop bodies are contiguous. */
typedef struct CfgLoop {
  uint32_t header;      /* block id: the unique entry of a reducible loop; for an
                           irreducible one, the entry met first in depth-first order */
  uint32_t parent;      /* enclosing loop index, or CFG_NONE */
  uint32_t depth;       /* 1 for an outermost loop */
  uint32_t first, count;
  uint32_t *latches;    /* blocks in the loop with an edge to the header, ascending */
  uint32_t nlatches;
  uint32_t *exits;      /* blocks outside the loop with a predecessor inside, ascending */
  uint32_t nexits;
  uint32_t *entries;    /* blocks inside with a predecessor outside (or the function entry);
                           just the header when the loop is reducible */
  uint32_t nentries;
  bool irreducible;     /* more than one entry: not a natural loop */
} CfgLoop;

typedef struct Cfg {
  const PtxFunc *func;
  CfgBlock *blocks;     /* source order; blocks[0] is the entry */
  uint32_t nblocks;
  /* Priority order for thread frontiers (a block's priority is its position, lower runs
   * first): a topological order of the CFG without the edges that enter a loop header
   * from inside its loop (those go backwards or to themselves; every other edge goes to
   * a later position), in which every loop's blocks are contiguous, header first, so a
   * divergent loop runs all its iterations before its exits. Reachable blocks first
   * (nreachable of them), then the unreachable ones in source order. Dominators come
   * before the blocks they dominate. */
  uint32_t *order;
  uint32_t nreachable;
  CfgLoop *loops;       /* outer loops before the loops they contain */
  uint32_t nloops;
  bool irreducible;     /* some loop is irreducible */
  bool has_barrier, has_warp_op, has_call;
  uint32_t *stmt_block; /* per statement of f->body: the block that covers it */
  uint32_t *label_block; /* per label id: the block it starts, or CFG_NONE (data labels) */
} Cfg;

/* Splits f's body into basic blocks and orders them. Owned by `arena`. Returns NULL with a
 * diagnostic on input the parser let through but a CFG cannot use (a branch to a label of
 * another function, brx.idx without a .branchtargets table, ...). */
Cfg *cfg_build(const PtxFunc *f, Arena *arena, DiagSink *d);

/* The block a label starts (labels that follow each other share one block). */
uint32_t cfg_block_of_label(const Cfg *cfg, const PtxLabel *label);
/* True when the edge from -> to goes backwards (or to itself) in the priority order: it
 * enters the header of a loop that contains `from`. */
bool cfg_edge_is_back(const Cfg *cfg, uint32_t from, uint32_t to);
/* Whether `block` is one of loop `loop`'s blocks (nested loops included). */
bool cfg_loop_contains(const Cfg *cfg, uint32_t loop, uint32_t block);
/* Human-readable dump (blocks, edges, order, loops) for PTXVM_LOG=ir and tests. */
void cfg_print(const Cfg *cfg, StrBuf *out);

/* ======================================================================================
 * Dominators
 * ==================================================================================== */

typedef struct DomInfo {
  uint32_t nblocks;
  /* Immediate dominator per block; CFG_NONE for the entry and unreachable blocks. */
  uint32_t *idom;
  /* Immediate post-dominator per block; CFG_NONE means the virtual exit node that joins
   * every exiting block (and unreachable blocks). Blocks that can never reach an exit
   * (endless loops) are treated as if the last such block in priority order exited. */
  uint32_t *ipdom;
  uint32_t *dom_depth, *pdom_depth; /* depth in each tree: the entry is 0, and blocks
                                       whose ipdom is the virtual exit are 1 */
} DomInfo;

/* Cooper, Harvey and Kennedy's iterative algorithm on the priority order. */
DomInfo *dom_compute(const Cfg *cfg, Arena *arena);
bool dom_dominates(const DomInfo *dom, uint32_t a, uint32_t b);      /* reflexive */
bool dom_postdominates(const DomInfo *dom, uint32_t a, uint32_t b);  /* reflexive */
/* Nearest common (post-)dominator; CFG_NONE for the virtual exit / no answer. */
uint32_t dom_common(const DomInfo *dom, uint32_t a, uint32_t b);
uint32_t dom_common_post(const DomInfo *dom, uint32_t a, uint32_t b);

/* ======================================================================================
 * Loops (the loop forest itself is built with the order, in Cfg.loops)
 * ==================================================================================== */

/* Checks the loop forest against the dominator tree: a loop whose header does not
 * dominate all its blocks is irreducible (it already says so), and every back edge of a
 * reducible loop goes to a dominating header. Returns false (with an error) only on an
 * internal inconsistency, which is our bug. */
bool loop_verify(const Cfg *cfg, const DomInfo *dom, DiagSink *d);
/* The loop nesting depth of a block (0 outside every loop). */
uint32_t loop_depth(const Cfg *cfg, uint32_t block);

/* ======================================================================================
 * Shapes
 * ==================================================================================== */

typedef enum ShapeKind {
  SHAPE_UNIFORM = 0, /* the same value in every active lane of the group */
  SHAPE_AFFINE,      /* lane i holds base + i*stride (modulo the register's width) */
  SHAPE_VARYING,     /* anything else */
} ShapeKind;

typedef struct Shape {
  uint8_t kind;       /* ShapeKind */
  uint8_t align_log2; /* uniform/affine integers: lane 0's value is a multiple of
                         1 << align_log2 (lane i's: also of the stride's power of two) */
  bool is_const;      /* uniform with a value known at compile time */
  int64_t stride;     /* AFFINE: difference between neighbouring lanes (bytes for an
                         address); never 0 (that is UNIFORM) */
  uint64_t value;     /* is_const: the value, sign- or zero-extended as its type says */
} Shape;

typedef struct ShapeInfo {
  unsigned group_size;   /* G */
  KDim3 block;           /* blockDim the analysis assumed */
  Shape *regs;           /* per PtxReg.id */
  uint32_t nregs;
  /* Per statement of f->body. addr: for ld/st/atom/red/prefetch/cp.async... the shape of
   * the address operand (base + offset); kind VARYING elsewhere. */
  Shape *addr;
  /* Per block: whether its terminator is uniform (all active lanes go the same way):
   * unguarded, or the guard / brx.idx index is uniform. */
  bool *branch_uniform;
  /* Per block: whether it may run while other live lanes of the group wait elsewhere
   * (it lies between a varying branch and the point where those lanes meet again). A
   * block that is not divergent runs with every live lane active: lanes are only missing
   * there because they exited or lie past the end of the CTA. */
  bool *block_divergent;
  /* Per register: forced varying because it is defined under divergent control and used
   * where lanes from different paths meet (sync dependence); for logs and tests. */
  bool *sync_varying;
  uint32_t iterations;   /* rounds until the fixed point, for logs */
} ShapeInfo;

/* Computes shapes for f specialised for blockDim `block` and group size G (1, 8, 16, 32).
 * With G = 1 every value is UNIFORM (the scalar reference build).
 *
 * Choices codegen relies on:
 *  - A register has one shape for the whole function: the join over all its definitions,
 *    so a register written both as a uniform and as an affine value is VARYING.
 *  - UNIFORM means the same in every lane that is active where it is read, and AFFINE
 *    likewise for base + lane*stride. After a varying branch, thread frontiers run the
 *    groups of lanes that went different ways one block at a time in priority order until
 *    they meet again; a register one group writes while another group still needs its
 *    value (live at a block where that group waits, or where they meet) is VARYING
 *    (sync_varying says why). So codegen may keep UNIFORM and AFFINE registers in scalar
 *    form and write them without a mask, even inside divergent code.
 *  - ld from a uniform address gives a uniform value for .param of an .entry, .const,
 *    .global (with or without .nc: the group reads one address at one moment, so every
 *    lane sees the same bytes), .shared and generic; .param of a .func or of a call, and
 *    .local, give VARYING (per-lane storage). Local addresses (frame offsets) can be
 *    uniform, but a generic address made from one (cvta.local) is VARYING.
 *  - Widening (cvt, mul.wide, mad.wide) keeps AFFINE assuming the narrow values do not
 *    wrap inside one group, which C's signed index arithmetic already promises.
 *  - cvta.{shared,const,local,param} results keep at most 16-byte alignment (the window
 *    bases exec provides are at least that aligned).
 *  - atom results and shfl are VARYING; vote.{all,any,uni,ballot}, activemask, redux and
 *    match.all are UNIFORM when the group lies inside one warp (32 % G == 0).
 * Returns NULL with a diagnostic only on internal limits. */
ShapeInfo *shape_compute(const Cfg *cfg, const DomInfo *dom, KDim3 block, unsigned G,
                         Arena *arena, DiagSink *d);

/* Shape of a source operand: REG, SREG, immediate, VAR address, ADDR (base+offset);
 * VARYING for anything else. */
Shape shape_of_operand(const ShapeInfo *info, const PtxFunc *f, const PtxOperand *op);
static inline Shape shape_of_reg(const ShapeInfo *info, const PtxReg *reg) {
  return info->regs[reg->id];
}
const char *shape_kind_name(ShapeKind kind); /* "uniform", "affine", "varying" */
void shape_print(Shape s, StrBuf *out);      /* "affine(4, align 16)" */

/* ======================================================================================
 * Everything at once: the pipeline's "analyse" step.
 * ==================================================================================== */

typedef struct FuncAnalysis {
  const PtxFunc *func;
  Cfg *cfg;
  DomInfo *dom;
  ShapeInfo *shapes;
} FuncAnalysis;

/* CFG, order, loops, dominators and shapes of `f` (which has a body) for blockDim `block`
 * and group size G. Results live in `a`. Returns false with diagnostics in `d`. */
bool analysis_run(const PtxFunc *f, KDim3 block, unsigned G, Arena *a, FuncAnalysis *out,
                  DiagSink *d);
/* Blocks, order, loops, (post-)dominators, branch uniformity and the registers that are
 * not plain UNIFORM, as text (what PTXVM_LOG=ir prints for each analysis). */
void analysis_print(const FuncAnalysis *fa, StrBuf *out);

#endif
