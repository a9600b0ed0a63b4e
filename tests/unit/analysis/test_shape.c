/* Unit tests for src/analysis shapes and divergence, on PTX parsed from text in the
 * patterns nvcc emits. */
#include "analysis.h"
#include "test.h"

#define HDR ".version 8.0\n.target sm_75\n.address_size 64\n"
/* A kernel with the usual parameters and plenty of registers; BODY is its code. */
#define KERNEL(BODY)                                                                      \
  HDR ".visible .entry k(\n .param .u64 .ptr.global.align 16 k_p0,\n .param .u64 k_p1,\n" \
      " .param .u32 k_p2\n)\n{\n .reg .pred %p<8>;\n .reg .b32 %r<32>;\n"                 \
      " .reg .f32 %f<8>;\n .reg .b64 %rd<32>;\n .local .align 8 .b8 __local_depot0[16];\n" \
      BODY "}\n"

typedef struct Run {
  PtxModule *m;
  const PtxFunc *f;
  Arena arena;
  FuncAnalysis fa;
  bool ok;
} Run;

static Run run_analysis(const char *ptx, const char *func, KDim3 block, unsigned G) {
  Run r = {0};
  arena_init(&r.arena);
  DiagSink d;
  diag_init(&d, "test.ptx", ptx, strlen(ptx));
  r.m = ptx_module_parse(ptx, strlen(ptx), "test.ptx", &d);
  if (r.m) r.f = ptx_module_find_func(r.m, func);
  if (r.f) r.ok = analysis_run(r.f, block, G, &r.arena, &r.fa, &d);
  if (diag_has_errors(&d) || !r.ok) diag_print(&d, stderr);
  diag_fini(&d);
  CHECK(r.ok);
  return r;
}

static void run_free(Run *r) {
  arena_fini(&r->arena);
  if (r->m) ptx_module_destroy(r->m);
}

static Shape reg(const Run *r, const char *name) {
  if (r->ok)
    for (uint32_t i = 0; i < r->f->nregs; i++)
      if (strcmp(r->f->regs[i]->name, name) == 0) return r->fa.shapes->regs[i];
  fprintf(stderr, "  no register %s\n", name);
  test_failures_in_current++;
  return (Shape){.kind = 99};
}

static bool sync_varying(const Run *r, const char *name) {
  for (uint32_t i = 0; r->ok && i < r->f->nregs; i++)
    if (strcmp(r->f->regs[i]->name, name) == 0) return r->fa.shapes->sync_varying[i];
  return false;
}

/* The n-th (0-based) instruction with opcode op: its statement index. */
static uint32_t nth_instr(const Run *r, PtxOpcode op, unsigned n) {
  for (uint32_t i = 0; r->ok && i < r->f->nbody; i++)
    if (r->f->body[i].kind == PTX_STMT_INSTR && r->f->body[i].instr->op == op && n-- == 0) return i;
  test_failures_in_current++;
  return 0;
}

static bool is_affine(Shape s, int64_t stride) { return s.kind == SHAPE_AFFINE && s.stride == stride; }
static bool is_uniform(Shape s) { return s.kind == SHAPE_UNIFORM; }
static bool is_varying(Shape s) { return s.kind == SHAPE_VARYING; }
static bool is_const(Shape s, uint64_t v) { return s.kind == SHAPE_UNIFORM && s.is_const && s.value == v; }

static const char vadd[] = KERNEL(
    " ld.param.u64 %rd1, [k_p0];\n"
    " ld.param.u64 %rd2, [k_p1];\n"
    " ld.param.u32 %r2, [k_p2];\n"
    " mov.u32 %r3, %ctaid.x;\n"
    " mov.u32 %r4, %ntid.x;\n"
    " mov.u32 %r5, %tid.x;\n"
    " mad.lo.s32 %r1, %r3, %r4, %r5;\n"
    " setp.ge.s32 %p1, %r1, %r2;\n"
    " @%p1 bra $L__BB0_2;\n"
    " cvta.to.global.u64 %rd3, %rd1;\n"
    " mul.wide.s32 %rd4, %r1, 4;\n"
    " add.s64 %rd5, %rd3, %rd4;\n"
    " ld.global.f32 %f1, [%rd5];\n"
    " cvta.to.global.u64 %rd6, %rd2;\n"
    " add.s64 %rd7, %rd6, %rd4;\n"
    " st.global.f32 [%rd7+8], %f1;\n"
    " shl.b32 %r6, %r5, 3;\n"
    " mul.lo.s32 %r7, %r5, -2;\n"
    " sub.s32 %r8, %r6, %r5;\n"
    " cvt.u64.u32 %rd8, %r6;\n"
    " add.s32 %r9, %r1, %r2;\n"
    " mul.lo.s32 %r10, %r5, %r2;\n"
    " and.b32 %r11, %r5, 7;\n"
    " ld.global.f32 %f2, [%rd1];\n"
    "$L__BB0_2:\n"
    " ret;\n");

TEST(nvcc_vector_add_shapes) {
  Run r = run_analysis(vadd, "k", (KDim3){256, 1, 1}, 8);
  if (!r.ok) {
    run_free(&r);
    return;
  }
  CHECK(is_uniform(reg(&r, "%rd1")));
  CHECK_EQ_INT(reg(&r, "%rd1").align_log2, 4); /* .ptr.global.align 16 */
  CHECK(is_uniform(reg(&r, "%r3")));
  CHECK(is_const(reg(&r, "%r4"), 256));
  CHECK(is_affine(reg(&r, "%r5"), 1));
  CHECK_EQ_INT(reg(&r, "%r5").align_log2, 3); /* a group starts at a multiple of G = 8 */
  CHECK(is_affine(reg(&r, "%r1"), 1));
  CHECK(is_varying(reg(&r, "%p1")));
  CHECK(is_affine(reg(&r, "%rd4"), 4));
  CHECK(is_affine(reg(&r, "%rd5"), 4));
  CHECK(is_affine(reg(&r, "%rd7"), 4));
  CHECK(is_varying(reg(&r, "%f1")));
  CHECK(is_affine(reg(&r, "%r6"), 8));
  CHECK_EQ_INT(reg(&r, "%r6").align_log2, 6);
  CHECK(is_affine(reg(&r, "%r7"), -2));
  CHECK(is_affine(reg(&r, "%r8"), 7));
  CHECK(is_affine(reg(&r, "%rd8"), 8));
  CHECK(is_affine(reg(&r, "%r9"), 1));
  CHECK(is_varying(reg(&r, "%r10"))); /* affine times an unknown uniform */
  CHECK(is_affine(reg(&r, "%r11"), 1)); /* tid & 7 with G = 8: the lane index */
  CHECK(is_uniform(reg(&r, "%f2"))); /* every lane reads the same global word */
  CHECK(!sync_varying(&r, "%rd4"));

  uint32_t ld = nth_instr(&r, PTX_OP_LD, 3), st = nth_instr(&r, PTX_OP_ST, 0);
  CHECK(is_affine(r.fa.shapes->addr[ld], 4));
  CHECK(is_affine(r.fa.shapes->addr[st], 4));
  CHECK(is_uniform(r.fa.shapes->addr[nth_instr(&r, PTX_OP_LD, 0)]));
  /* The bounds check is a varying branch; the entry block ends with it. */
  CHECK(!r.fa.shapes->branch_uniform[0]);
  run_free(&r);
}

TEST(tid_shapes_follow_block_dims) {
  Run r = run_analysis(vadd, "k", (KDim3){20, 4, 1}, 8); /* rows of 20: groups straddle */
  if (r.ok) {
    CHECK(is_varying(reg(&r, "%r5")));
    CHECK(is_varying(reg(&r, "%rd4")));
    CHECK(is_const(reg(&r, "%r4"), 20));
  }
  run_free(&r);
  r = run_analysis(vadd, "k", (KDim3){100, 1, 1}, 8); /* one row: the partial last group has inactive lanes */
  if (r.ok) CHECK(is_affine(reg(&r, "%r5"), 1));
  run_free(&r);
  r = run_analysis(vadd, "k", (KDim3){1, 64, 1}, 8);
  if (r.ok) {
    CHECK(is_const(reg(&r, "%r5"), 0));
    CHECK(is_uniform(reg(&r, "%rd4")));
  }
  run_free(&r);
  r = run_analysis(vadd, "k", (KDim3){256, 1, 1}, 1); /* the scalar reference build */
  if (r.ok) {
    for (uint32_t i = 0; i < r.f->nregs; i++) CHECK(is_uniform(r.fa.shapes->regs[i]));
    CHECK(r.fa.shapes->branch_uniform[0]);
  }
  run_free(&r);
}

static const char tid_yz[] = KERNEL(
    " mov.u32 %r1, %tid.y;\n"
    " mov.u32 %r2, %tid.z;\n"
    " mov.u32 %r3, %laneid;\n"
    " mov.u32 %r4, %warpid;\n"
    " mov.u32 %r5, %lanemask_lt;\n"
    " ret;\n");

TEST(tid_y_z_laneid) {
  Run r = run_analysis(tid_yz, "k", (KDim3){32, 8, 2}, 16);
  if (r.ok) {
    CHECK(is_uniform(reg(&r, "%r1")));
    CHECK(is_uniform(reg(&r, "%r2")));
    CHECK(is_affine(reg(&r, "%r3"), 1));
    CHECK(is_uniform(reg(&r, "%r4")));
    CHECK(is_varying(reg(&r, "%r5")));
  }
  run_free(&r);
  r = run_analysis(tid_yz, "k", (KDim3){1, 32, 2}, 16);
  if (r.ok) {
    CHECK(is_affine(reg(&r, "%r1"), 1));
    CHECK(is_uniform(reg(&r, "%r2")));
  }
  run_free(&r);
}

/* if (tid < 16) x = 2; else x = 1; use(x): x differs per lane after the join. */
static const char diverge[] = KERNEL(
    " ld.param.u64 %rd1, [k_p0];\n"
    " mov.u32 %r1, %tid.x;\n"
    " setp.lt.u32 %p1, %r1, 16;\n"
    " mov.u32 %r2, 0;\n"
    " @%p1 bra $THEN;\n"
    " mov.u32 %r2, 1;\n"
    " mov.u32 %r3, 5;\n"
    " st.global.u32 [%rd1], %r3;\n"
    " bra.uni $END;\n"
    "$THEN:\n"
    " mov.u32 %r2, 2;\n"
    "$END:\n"
    " st.global.u32 [%rd1], %r2;\n"
    " ret;\n");

static const char uniform_branch[] = KERNEL(
    " ld.param.u64 %rd1, [k_p0];\n"
    " mov.u32 %r1, %ctaid.x;\n"
    " setp.lt.u32 %p1, %r1, 16;\n"
    " mov.u32 %r2, 0;\n"
    " @%p1 bra $THEN;\n"
    " mov.u32 %r2, 1;\n"
    " bra.uni $END;\n"
    "$THEN:\n"
    " mov.u32 %r2, 2;\n"
    "$END:\n"
    " st.global.u32 [%rd1], %r2;\n"
    " ret;\n");

TEST(divergent_if_else_makes_joined_value_varying) {
  Run r = run_analysis(diverge, "k", (KDim3){64, 1, 1}, 8);
  if (r.ok) {
    CHECK(is_varying(reg(&r, "%p1")));
    CHECK(is_varying(reg(&r, "%r2")));
    CHECK(sync_varying(&r, "%r2"));
    CHECK(is_const(reg(&r, "%r3"), 5)); /* written and read on one side only */
    CHECK(!r.fa.shapes->branch_uniform[0]);
    const Cfg *cfg = r.fa.cfg;
    CHECK_EQ_INT(cfg->nblocks, 4);
    CHECK(!r.fa.shapes->block_divergent[0] && r.fa.shapes->block_divergent[1]);
    CHECK(r.fa.shapes->block_divergent[2] && !r.fa.shapes->block_divergent[3]);
  }
  run_free(&r);
  r = run_analysis(uniform_branch, "k", (KDim3){64, 1, 1}, 8);
  if (r.ok) {
    CHECK(is_uniform(reg(&r, "%p1")));
    CHECK(is_uniform(reg(&r, "%r2")));
    CHECK(!sync_varying(&r, "%r2"));
    CHECK(r.fa.shapes->branch_uniform[0]);
    for (uint32_t b = 0; b < r.fa.cfg->nblocks; b++) CHECK(!r.fa.shapes->block_divergent[b]);
  }
  run_free(&r);
}

/* Lanes waiting on the other side still need the old value the taken side overwrites. */
static const char pending[] = KERNEL(
    " ld.param.u64 %rd1, [k_p0];\n"
    " mov.u32 %r1, %tid.x;\n"
    " setp.lt.u32 %p1, %r1, 16;\n"
    " mov.u32 %r2, 7;\n"
    " @%p1 bra $B;\n"
    " mov.u32 %r2, 3;\n"
    " st.global.u32 [%rd1], %r2;\n"
    " bra.uni $END;\n"
    "$B:\n"
    " st.global.u32 [%rd1], %r2;\n"
    "$END:\n"
    " ret;\n");

TEST(value_needed_by_waiting_lanes_is_varying) {
  Run r = run_analysis(pending, "k", (KDim3){64, 1, 1}, 8);
  if (r.ok) CHECK(is_varying(reg(&r, "%r2")));
  run_free(&r);
}

/* Grid-stride loop: the index stays affine, the varying exit only affects what is used
 * after the loop. */
static const char grid_stride[] = KERNEL(
    " ld.param.u64 %rd1, [k_p0];\n"
    " ld.param.u32 %r2, [k_p2];\n"
    " mov.u32 %r3, %ctaid.x;\n"
    " mov.u32 %r4, %ntid.x;\n"
    " mov.u32 %r5, %tid.x;\n"
    " mad.lo.s32 %r1, %r3, %r4, %r5;\n"
    " mov.u32 %r6, %nctaid.x;\n"
    " mul.lo.s32 %r7, %r6, %r4;\n"
    " mov.u32 %r8, 0;\n"
    " mov.u32 %r9, 0;\n"
    "$LOOP:\n"
    " mul.wide.s32 %rd2, %r1, 4;\n"
    " add.s64 %rd3, %rd1, %rd2;\n"
    " st.global.u32 [%rd3], %r8;\n"
    " add.s32 %r8, %r8, 1;\n"
    " add.s32 %r9, %r9, 2;\n"
    " add.s32 %r1, %r1, %r7;\n"
    " setp.lt.s32 %p1, %r1, %r2;\n"
    " @%p1 bra $LOOP;\n"
    " st.global.u32 [%rd1], %r9;\n"
    " ret;\n");

TEST(loop_with_varying_exit) {
  Run r = run_analysis(grid_stride, "k", (KDim3){128, 1, 1}, 8);
  if (r.ok) {
    CHECK(is_affine(reg(&r, "%r1"), 1));
    CHECK(is_affine(reg(&r, "%rd3"), 4));
    CHECK(is_uniform(reg(&r, "%r8")));  /* iteration count so far: same for lanes still looping */
    CHECK(is_varying(reg(&r, "%r9")));  /* read after the loop: lanes left at different trips */
    CHECK(sync_varying(&r, "%r9"));
    CHECK_EQ_INT(r.fa.cfg->nloops, 1);
    uint32_t st = nth_instr(&r, PTX_OP_ST, 0);
    uint32_t loop_block = r.fa.cfg->stmt_block[st];
    CHECK(r.fa.shapes->block_divergent[loop_block]);   /* lanes that left wait after it */
    CHECK(!r.fa.shapes->block_divergent[0]);
    CHECK(!r.fa.shapes->block_divergent[r.fa.cfg->nblocks - 1]);
    CHECK(is_affine(r.fa.shapes->addr[st], 4));
  }
  run_free(&r);
}

static const char misc[] = KERNEL(
    " ld.param.u64 %rd1, [k_p0];\n"
    " mov.u32 %r1, %tid.x;\n"
    " setp.lt.u32 %p1, %r1, 3;\n"
    " mov.u64 %rd2, __local_depot0;\n"
    " cvta.local.u64 %rd3, %rd2;\n"
    " ld.local.u32 %r2, [%rd2];\n"
    " atom.global.add.u32 %r3, [%rd1], 1;\n"
    " vote.sync.ballot.b32 %r4, %p1, -1;\n"
    " shfl.sync.bfly.b32 %r5, %r1, 1, 31, -1;\n"
    " @%p1 mov.u32 %r6, 1;\n"
    " activemask.b32 %r7;\n"
    " selp.b32 %r8, 1, 2, %p1;\n"
    " mov.u32 %r9, 1;\n"
    " ld.global.nc.u32 %r10, [%rd1+4];\n"
    " ret;\n");

TEST(memory_and_warp_instructions) {
  Run r = run_analysis(misc, "k", (KDim3){64, 1, 1}, 32);
  if (r.ok) {
    CHECK(is_uniform(reg(&r, "%rd2")));  /* a frame offset */
    CHECK(is_varying(reg(&r, "%rd3")));  /* each lane's own frame */
    CHECK(is_varying(reg(&r, "%r2")));   /* per-lane storage */
    CHECK(is_varying(reg(&r, "%r3")));   /* atom returns each lane's old value */
    CHECK(is_uniform(reg(&r, "%r4")));   /* ballot: one mask for the warp */
    CHECK(is_varying(reg(&r, "%r5")));
    CHECK(is_varying(reg(&r, "%r6")));   /* written by some lanes only */
    CHECK(is_uniform(reg(&r, "%r7")));
    CHECK(is_varying(reg(&r, "%r8")));
    CHECK(is_const(reg(&r, "%r9"), 1));
    CHECK(is_uniform(reg(&r, "%r10")));
    CHECK(r.fa.cfg->has_warp_op);
  }
  run_free(&r);
  r = run_analysis(misc, "k", (KDim3){64, 1, 1}, 64); /* a group spans two warps */
  if (r.ok) CHECK(is_varying(reg(&r, "%r4")));
  run_free(&r);
}

static const char device_func[] = HDR
    ".func (.param .b32 func_retval0) f(\n .param .b32 f_param_0\n)\n{\n"
    " .reg .b32 %r<4>;\n"
    " ld.param.u32 %r1, [f_param_0];\n"
    " mov.u32 %r2, 9;\n"
    " st.param.b32 [func_retval0], %r1;\n"
    " ret;\n}\n";

TEST(func_params_are_per_lane) {
  Run r = run_analysis(device_func, "f", (KDim3){64, 1, 1}, 8);
  if (r.ok) {
    CHECK(is_varying(reg(&r, "%r1")));
    CHECK(is_const(reg(&r, "%r2"), 9));
  }
  run_free(&r);
}

static const char barrier_loop[] = KERNEL(
    " mov.u32 %r1, %tid.x;\n"
    " mov.u32 %r2, 0;\n"
    "$LOOP:\n"
    " bar.sync 0;\n"
    " add.s32 %r2, %r2, 1;\n"
    " setp.lt.u32 %p1, %r2, 10;\n"
    " @%p1 bra $LOOP;\n"
    " ret;\n");

TEST(barrier_in_uniform_loop) {
  Run r = run_analysis(barrier_loop, "k", (KDim3){64, 1, 1}, 8);
  if (r.ok) {
    const Cfg *cfg = r.fa.cfg;
    CHECK(cfg->has_barrier);
    CHECK_EQ_INT(cfg->nloops, 1);
    CHECK(is_uniform(reg(&r, "%r2")));
    CHECK(is_uniform(reg(&r, "%p1")));
    /* The loop header ends with the barrier; the rest of the body is its own block. */
    uint32_t bar = nth_instr(&r, PTX_OP_BAR, 0);
    uint32_t b = cfg->stmt_block[bar];
    CHECK(cfg->blocks[b].ends_with_barrier && cfg->blocks[b].barrier_stmt == bar);
    CHECK_EQ_INT(cfg->loops[0].header, b);
    CHECK_EQ_INT(cfg->loops[0].count, 2);
  }
  run_free(&r);
}

/* Thread frontiers interleave the two sides of a branch: the E side writes r2, splits
 * again, and its W2 lanes may wait while the T side overwrites r2 before W2 reads it. */
static const char interleave[] = KERNEL(
    " ld.param.u64 %rd1, [k_p0];\n"
    " mov.u32 %r1, %tid.x;\n"
    " setp.lt.u32 %p1, %r1, 16;\n"
    " setp.lt.u32 %p2, %r1, 8;\n"
    " @%p1 bra $E;\n"
    " mov.u32 %r2, 1;\n"
    " bra.uni $J;\n"
    "$E:\n"
    " mov.u32 %r2, 2;\n"
    " @%p2 bra $W2;\n"
    " bra.uni $J;\n"
    "$W2:\n"
    " st.global.u32 [%rd1], %r2;\n"
    "$J:\n"
    " ret;\n");

TEST(interleaved_sides_of_a_branch) {
  Run r = run_analysis(interleave, "k", (KDim3){64, 1, 1}, 8);
  if (r.ok) CHECK(is_varying(reg(&r, "%r2")));
  run_free(&r);
}

/* A divergent branch inside a loop whose immediate post-dominator is the loop header:
 * lanes do not meet there, so values written on one side and read in the next iteration
 * by the others are varying, and the loop's own counter stays uniform. */
static const char header_join[] = KERNEL(
    " ld.param.u64 %rd1, [k_p0];\n"
    " mov.u32 %r1, %tid.x;\n"
    " mov.u32 %r3, 0;\n"
    " mov.u32 %r4, 0;\n"
    " setp.lt.u32 %p1, %r1, 16;\n"
    "$H:\n"
    " setp.ge.u32 %p2, %r3, 100;\n"
    " @%p2 bra $OUT;\n"
    " add.s32 %r3, %r3, 1;\n"
    " @%p1 bra $H;\n"
    " add.s32 %r4, %r4, 1;\n"
    " st.global.u32 [%rd1], %r4;\n"
    " bra.uni $H;\n"
    "$OUT:\n"
    " ret;\n");

TEST(divergence_inside_loop_joining_at_header) {
  Run r = run_analysis(header_join, "k", (KDim3){64, 1, 1}, 8);
  if (r.ok) {
    CHECK(is_varying(reg(&r, "%r4")));
    CHECK(is_varying(reg(&r, "%r3"))); /* lanes that skipped run ahead an iteration */
  }
  run_free(&r);
}

static const char warp_math[] = KERNEL(
    " mov.u32 %r1, %tid.x;\n"
    " shr.u32 %r2, %r1, 5;\n"          /* warp index: uniform when G divides 32 */
    " and.b32 %r3, %r1, 31;\n"         /* lane in warp: affine */
    " shr.u32 %r4, %r1, 2;\n"          /* spans blocks of 4: varying */
    " and.b32 %r5, %r1, -32;\n"        /* the warp's first tid: uniform */
    " shfl.sync.idx.b32 %r6, %r1, 0, 31, -1;\n"   /* broadcast of lane 0 */
    " shfl.sync.idx.b32 %r7, %r1, 0, 7199, -1;\n" /* 0x1c1f: segments of 8 */
    " shfl.sync.idx.b32 %r8, %r1, %r3, 31, -1;\n"
    " shr.s32 %r9, -64, 3;\n"
    " ret;\n");

TEST(warp_index_lane_index_and_broadcasts) {
  Run r = run_analysis(warp_math, "k", (KDim3){128, 1, 1}, 32);
  if (r.ok) {
    CHECK(is_uniform(reg(&r, "%r2")));
    CHECK(is_affine(reg(&r, "%r3"), 1));
    CHECK(is_varying(reg(&r, "%r4")));
    CHECK(is_uniform(reg(&r, "%r5")));
    CHECK_EQ_INT(reg(&r, "%r5").align_log2, 5);
    CHECK(is_uniform(reg(&r, "%r6")));
    CHECK(is_varying(reg(&r, "%r7")));
    CHECK(is_varying(reg(&r, "%r8")));
    CHECK(is_const(reg(&r, "%r9"), (uint64_t)-8));
  }
  run_free(&r);
  r = run_analysis(warp_math, "k", (KDim3){48, 1, 1}, 16); /* groups of 16 straddle warps of a 48-wide row */
  if (r.ok) {
    CHECK(is_varying(reg(&r, "%r1")) == false);
    CHECK(is_uniform(reg(&r, "%r2")));  /* a group of 16 aligned to 16 never crosses 32 */
    CHECK(is_varying(reg(&r, "%r6"))); /* lane 0 of the warp may be in another group */
  }
  run_free(&r);
}
