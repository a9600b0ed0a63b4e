/* codegen unit tests: nvcc-emitted kernels (kernels.cu -> kernels.ptx) compiled by
 * cg_kernel_get and run group by group, at G = 32 and G = 1, with results checked. */
#include <math.h>

#include "cg_runner.h"
#include "test.h"

static CgTestModule *load_kernels(unsigned G) {
  char *src = cgt_read_file(CG_TEST_DIR "/kernels.ptx");
  if (!src) return NULL;
  CgTestModule *m = cgt_load(src, G);
  free(src);
  if (!m->cg) {
    diag_print(&m->diags, stderr);
    cgt_free(m);
    return NULL;
  }
  return m;
}

static void run_vecadd(unsigned G, uint32_t n, uint32_t bs) {
  CgTestModule *m = load_kernels(G);
  CHECK(m != NULL);
  if (!m) return;
  float *a = malloc(n * 4), *b = malloc(n * 4), *c = malloc((n + 64) * 4);
  for (uint32_t i = 0; i < n; i++) a[i] = (float)i * 0.5f, b[i] = 1000.0f - (float)i;
  for (uint32_t i = 0; i < n + 64; i++) c[i] = -1.0f;
  struct {
    const float *a, *b;
    float *c;
    int n;
  } __attribute__((packed)) p = {a, b, c, (int)n};
  KDim3 grid = {(n + bs - 1) / bs, 1, 1};
  int r = cgt_launch(m, "_Z6vecAddPKfS0_Pfi", grid, (KDim3){bs, 1, 1}, &p, 0, NULL);
  CHECK_EQ_INT(r, KGROUP_DONE);
  int bad = 0;
  for (uint32_t i = 0; i < n; i++) bad += c[i] != a[i] + b[i];
  for (uint32_t i = n; i < n + 64; i++) bad += c[i] != -1.0f; /* masked tail untouched */
  CHECK_EQ_INT(bad, 0);
  free(a), free(b), free(c);
  cgt_free(m);
}

TEST(vecadd_g32) { run_vecadd(32, 1000, 128); }
TEST(vecadd_g1) { run_vecadd(1, 1000, 128); }
TEST(vecadd_g8_odd_block) { run_vecadd(8, 777, 100); }

static void run_saxpy(unsigned G) {
  CgTestModule *m = load_kernels(G);
  CHECK(m != NULL);
  if (!m) return;
  enum { N = 4099 };
  float *x = malloc(N * 4), *y = malloc(N * 4), *ref = malloc(N * 4);
  for (int i = 0; i < N; i++) x[i] = (float)i / 7.0f, y[i] = (float)(N - i);
  for (int i = 0; i < N; i++) ref[i] = fmaf(2.5f, x[i], y[i]);
  struct {
    int n;
    float a;
    const float *x;
    float *y;
  } p = {N, 2.5f, x, y};
  int r = cgt_launch(m, "_Z5saxpyifPKfPf", (KDim3){(N + 255) / 256, 1, 1}, (KDim3){256, 1, 1}, &p, 0, NULL);
  CHECK_EQ_INT(r, KGROUP_DONE);
  int bad = 0;
  for (int i = 0; i < N; i++) bad += y[i] != ref[i];
  CHECK_EQ_INT(bad, 0);
  free(x), free(y), free(ref);
  cgt_free(m);
}

TEST(saxpy_g32) { run_saxpy(32); }
TEST(saxpy_g1) { run_saxpy(1); }

static void run_reduce(unsigned G) {
  CgTestModule *m = load_kernels(G);
  CHECK(m != NULL);
  if (!m) return;
  enum { N = 1000, BS = 256, NB = (N + BS - 1) / BS };
  float *in = malloc(N * 4), out[NB];
  for (int i = 0; i < N; i++) in[i] = (float)(i % 17);
  struct {
    const float *in;
    float *out;
    int n;
  } __attribute__((packed)) p = {in, out, N};
  int r = cgt_launch(m, "_Z6reducePKfPfi", (KDim3){NB, 1, 1}, (KDim3){BS, 1, 1}, &p, 0, NULL);
  CHECK_EQ_INT(r, KGROUP_DONE);
  for (int b = 0; b < NB; b++) {
    float s = 0;
    for (int i = b * BS; i < (b + 1) * BS && i < N; i++) s += in[i];
    CHECK(out[b] == s);
  }
  free(in);
  cgt_free(m);
}

TEST(reduce_barriers_g32) { run_reduce(32); }
TEST(reduce_barriers_g1) { run_reduce(1); }
TEST(reduce_barriers_g16) { run_reduce(16); }

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static void run_divergent(unsigned G) {
  CgTestModule *m = load_kernels(G);
  CHECK(m != NULL);
  if (!m) return;
  enum { N = 300 };
  int out[N + 1];
  out[N] = 12345;
  struct {
    int *out;
    int n;
  } __attribute__((packed)) p = {out, N};
  int r = cgt_launch(m, "_Z9divergentPii", (KDim3){3, 1, 1}, (KDim3){128, 1, 1}, &p, 0, NULL);
  CHECK_EQ_INT(r, KGROUP_DONE);
  int bad = 0;
  for (int i = 0; i < N; i++) {
    int acc = 0;
    for (int k = 0; k < i % 7; k++) {
      if (k & 1)
        acc += k * 3;
      else
        acc -= i;
      if (acc > 100) break;
    }
    int want = acc + fib(i % 10);
    if (out[i] != want && bad++ < 5) fprintf(stderr, "  out[%d] = %d, want %d\n", i, out[i], want);
  }
  CHECK_EQ_INT(bad, 0);
  CHECK_EQ_INT(out[N], 12345);
  cgt_free(m);
}

TEST(divergent_loops_and_recursion_g32) { run_divergent(32); }
TEST(divergent_loops_and_recursion_g1) { run_divergent(1); }

TEST(warp_shfl_ballot) {
  CgTestModule *m = load_kernels(8); /* warp instructions force G = 32 */
  CHECK(m != NULL);
  if (!m) return;
  int in[256], out[16] = {0};
  for (int i = 0; i < 256; i++) in[i] = i * 3 + (i % 5);
  struct {
    const int *in;
    int *out;
  } p = {in, out};
  int r = cgt_launch(m, "_Z7warpsumPKiPi", (KDim3){1, 1, 1}, (KDim3){256, 1, 1}, &p, 0, NULL);
  CHECK_EQ_INT(r, KGROUP_DONE);
  for (int w = 0; w < 8; w++) {
    int s = 0;
    unsigned b = 0;
    for (int l = 0; l < 32; l++) s += in[w * 32 + l], b |= (unsigned)(in[w * 32 + l] & 1) << l;
    CHECK_EQ_INT(out[w], s);
    CHECK_EQ_INT((unsigned)out[8 + w], b);
  }
  cgt_free(m);
}

TEST(atomics_global) {
  CgTestModule *m = load_kernels(32);
  CHECK(m != NULL);
  if (!m) return;
  int cnt = 0;
  unsigned mx = 0;
  float fs = 0;
  struct {
    int *cnt;
    unsigned *mx;
    float *fs;
  } p = {&cnt, &mx, &fs};
  int r = cgt_launch(m, "_Z7atomicsPiPjPf", (KDim3){4, 1, 1}, (KDim3){100, 1, 1}, &p, 0, NULL);
  CHECK_EQ_INT(r, KGROUP_DONE);
  CHECK_EQ_INT(cnt, 400);
  CHECK_EQ_INT(mx, 99);
  CHECK(fs == 200.0f);
  cgt_free(m);
}

/* One kernel that reaches an unsupported instruction (through a .func) must not fail the
 * module: cg_module_create succeeds, the plain kernel runs, and only cg_kernel_get of the
 * bad kernel fails, with DIAG_UNSUPPORTED naming the instruction and its line (every time). */
static bool has_unsupported(const DiagSink *d, size_t from, const char *what, uint32_t line) {
  for (size_t i = from; i < d->diags.len; i++)
    if (d->diags.data[i].severity == DIAG_UNSUPPORTED && strstr(d->diags.data[i].message, what) &&
        d->diags.data[i].loc.line == line)
      return true;
  return false;
}

TEST(unsupported_instruction_is_diagnosed_per_kernel) {
  const char *src = ".version 8.0\n.target sm_80\n.address_size 64\n"
                    ".func helper()\n{\n .reg .b64 %rd<2>;\n"
                    " stacksave.u64 %rd1;\n ret;\n}\n"                 /* line 7 */
                    ".visible .entry bad(.param .u64 p)\n{\n call helper, ();\n ret;\n}\n"
                    ".visible .entry good(.param .u64 p)\n{\n .reg .b32 %r<3>;\n .reg .b64 %rd<3>;\n"
                    " ld.param.u64 %rd1, [p];\n mov.u32 %r1, %tid.x;\n mul.wide.u32 %rd2, %r1, 4;\n"
                    " add.s64 %rd2, %rd1, %rd2;\n mul.lo.s32 %r2, %r1, 3;\n st.u32 [%rd2], %r2;\n ret;\n}\n";
  CgTestModule *m = cgt_load(src, 32);
  CHECK(m->cg != NULL);
  if (!m->cg) {
    diag_print(&m->diags, stderr);
    cgt_free(m);
    return;
  }
  CHECK_EQ_INT((int)m->diags.errors, 0);
  for (int round = 0; round < 2; round++) { /* the second answer comes from the memo */
    size_t from = m->diags.diags.len;
    CHECK(cg_kernel_get(m->cg, "bad", (KDim3){32u + 32u * (unsigned)round, 1, 1}, &m->diags) == NULL);
    CHECK(has_unsupported(&m->diags, from, "stacksave", 7));
  }
  int out[32] = {0};
  int *p = out;
  CHECK_EQ_INT(cgt_launch(m, "good", (KDim3){1, 1, 1}, (KDim3){32, 1, 1}, &p, 0, NULL), KGROUP_DONE);
  int bad = 0;
  for (int i = 0; i < 32; i++) bad += out[i] != i * 3;
  CHECK_EQ_INT(bad, 0);
  cgt_free(m);
}

/* `exit` inside a .func ends the thread, not just the call: odd lanes exit two calls deep,
 * the even ones return, loop and store; the odd ones must store nothing after the call
 * (before it they store 1). All-lanes-exit groups must not spin in the loop that follows. */
static void run_exit_in_func(unsigned G) {
  const char *src = ".version 8.0\n.target sm_80\n.address_size 64\n"
                    ".func inner(.param .b32 x)\n{\n .reg .b32 %r<2>;\n .reg .pred %p<2>;\n"
                    " ld.param.b32 %r1, [x];\n and.b32 %r1, %r1, 1;\n setp.ne.b32 %p1, %r1, 0;\n"
                    " @%p1 exit;\n ret;\n}\n"
                    ".func outer(.param .b32 x)\n{\n .reg .b32 %r<2>;\n"
                    " ld.param.b32 %r1, [x];\n { .param .b32 a;\n st.param.b32 [a], %r1;\n call inner, (a);\n }\n"
                    " ret;\n}\n"
                    ".visible .entry k(.param .u64 p, .param .u32 all)\n{\n .reg .b32 %r<6>;\n .reg .b64 %rd<3>;\n"
                    " .reg .pred %p<2>;\n"
                    " ld.param.u64 %rd1, [p];\n ld.param.u32 %r5, [all];\n mov.u32 %r1, %tid.x;\n"
                    " mul.wide.u32 %rd2, %r1, 4;\n add.s64 %rd2, %rd1, %rd2;\n mov.u32 %r2, 1;\n"
                    " st.u32 [%rd2], %r2;\n or.b32 %r4, %r1, %r5;\n"
                    " { .param .b32 a;\n st.param.b32 [a], %r4;\n call outer, (a);\n }\n"
                    " mov.u32 %r3, 0;\nL:\n add.u32 %r3, %r3, 10;\n setp.lt.u32 %p1, %r3, 100;\n"
                    " @%p1 bra L;\n st.u32 [%rd2], %r3;\n ret;\n}\n";
  CgTestModule *m = cgt_load(src, G);
  CHECK(m->cg != NULL);
  if (!m->cg) {
    diag_print(&m->diags, stderr);
    cgt_free(m);
    return;
  }
  for (unsigned all = 0; all < 2; all++) {
    int out[64];
    for (int i = 0; i < 64; i++) out[i] = -1;
    struct {
      int *p;
      unsigned all;
    } __attribute__((packed)) prm = {out, all};
    CHECK_EQ_INT(cgt_launch(m, "k", (KDim3){1, 1, 1}, (KDim3){64, 1, 1}, &prm, 0, NULL), KGROUP_DONE);
    int bad = 0;
    for (int i = 0; i < 64; i++) bad += out[i] != ((i & 1) || all ? 1 : 100);
    CHECK_EQ_INT(bad, 0);
  }
  cgt_free(m);
}
TEST(exit_in_func_g32) { run_exit_in_func(32); }
TEST(exit_in_func_g1) { run_exit_in_func(1); }

/* bar.sync inside a .func, two calls deep and in a loop (what non-inlined device functions,
 * -G builds and cooperative groups give): each group suspends inside `step`, its callers
 * save their state too, and all resume where they stopped. Registers, .local variables and
 * call-site .params live across the barriers; the result needs the neighbour's value,
 * which only a real barrier makes visible at G < 64. */
static void run_barrier_in_func(unsigned G) {
  const char *src =
      ".version 8.0\n.target sm_80\n.address_size 64\n"
      ".shared .align 4 .b32 buf[64];\n"
      ".func (.param .b32 r) step(.param .b32 v)\n{\n .reg .b32 %r<8>;\n .reg .b64 %rd<4>;\n"
      " .local .align 4 .b32 loc[2];\n"
      " ld.param.b32 %r1, [v];\n st.local.u32 [loc+4], %r1;\n mov.u32 %r2, %tid.x;\n"
      " mov.u64 %rd1, buf;\n mul.wide.u32 %rd2, %r2, 4;\n add.s64 %rd3, %rd1, %rd2;\n"
      " st.shared.u32 [%rd3], %r1;\n bar.sync 0;\n"
      " add.u32 %r3, %r2, 1;\n and.b32 %r3, %r3, 63;\n mul.wide.u32 %rd2, %r3, 4;\n add.s64 %rd2, %rd1, %rd2;\n"
      " ld.shared.u32 %r4, [%rd2];\n barrier.sync 0;\n ld.local.u32 %r6, [loc+4];\n"
      " add.u32 %r5, %r4, %r6;\n st.param.b32 [r], %r5;\n ret;\n}\n"
      ".func (.param .b32 r) outer(.param .b32 v)\n{\n .reg .b32 %r<4>;\n"
      " ld.param.b32 %r1, [v];\n"
      " { .param .b32 a;\n .param .b32 b;\n st.param.b32 [a], %r1;\n call (b), step, (a);\n ld.param.b32 %r2, [b];\n }\n"
      " add.u32 %r3, %r2, %r1;\n st.param.b32 [r], %r3;\n ret;\n}\n"
      ".visible .entry k(.param .u64 p)\n{\n .reg .b32 %r<6>;\n .reg .b64 %rd<3>;\n .reg .pred %p<2>;\n"
      " ld.param.u64 %rd1, [p];\n mov.u32 %r1, %tid.x;\n mov.u32 %r2, %r1;\n mov.u32 %r3, 0;\n"
      "L:\n { .param .b32 a;\n .param .b32 b;\n st.param.b32 [a], %r2;\n call (b), outer, (a);\n"
      " ld.param.b32 %r2, [b];\n }\n add.u32 %r3, %r3, 1;\n setp.lt.u32 %p1, %r3, 3;\n @%p1 bra L;\n"
      " mul.wide.u32 %rd2, %r1, 4;\n add.s64 %rd2, %rd1, %rd2;\n st.u32 [%rd2], %r2;\n ret;\n}\n";
  CgTestModule *m = cgt_load(src, G);
  CHECK(m->cg != NULL);
  if (!m->cg) {
    diag_print(&m->diags, stderr);
    cgt_free(m);
    return;
  }
  unsigned v[64], w[64];
  for (unsigned i = 0; i < 64; i++) v[i] = i;
  for (int it = 0; it < 3; it++) {
    for (unsigned i = 0; i < 64; i++) w[i] = v[(i + 1) % 64] + 2 * v[i];
    memcpy(v, w, sizeof v);
  }
  unsigned out[64] = {0};
  unsigned *p = out;
  CHECK_EQ_INT(cgt_launch(m, "k", (KDim3){2, 1, 1}, (KDim3){64, 1, 1}, &p, 0, NULL), KGROUP_DONE);
  int bad = 0;
  for (int i = 0; i < 64; i++) bad += out[i] != v[i];
  CHECK_EQ_INT(bad, 0);
  cgt_free(m);
}
TEST(barrier_in_func_g32) { run_barrier_in_func(32); }
TEST(barrier_in_func_g8) { run_barrier_in_func(8); }
TEST(barrier_in_func_g1) { run_barrier_in_func(1); }

/* mbarrier within a CTA: an init published by bar.sync, arrivals from every thread, a
 * try_wait.parity spin and a test_wait spin on the arrival token, and a phase that also
 * waits for transaction bytes (arrive.expect_tx by thread 0, complete_tx by thread 63).
 * The values read after each wait were written by other groups before they arrived, so
 * they are only right if waiting groups yield to the others. */
static void run_mbarrier(unsigned G) {
  const char *src =
      ".version 8.0\n.target sm_90\n.address_size 64\n"
      ".visible .entry k(.param .u64 p)\n{\n .reg .b32 %r<10>;\n .reg .b64 %rd<10>;\n .reg .pred %p<4>;\n"
      " .shared .align 8 .b64 bar;\n .shared .align 4 .b32 buf[64];\n .shared .align 4 .b32 buf2[64];\n"
      " ld.param.u64 %rd1, [p];\n mov.u32 %r1, %tid.x;\n setp.eq.u32 %p1, %r1, 0;\n"
      " @%p1 mbarrier.init.shared.b64 [bar], 64;\n bar.sync 0;\n"
      " mul.wide.u32 %rd2, %r1, 4;\n mov.u64 %rd3, buf;\n add.s64 %rd4, %rd3, %rd2;\n add.u32 %r2, %r1, 100;\n"
      " st.shared.u32 [%rd4], %r2;\n mbarrier.arrive.shared.b64 %rd5, [bar];\n"
      "W1:\n mbarrier.try_wait.parity.shared.b64 %p2, [bar], 0;\n @!%p2 bra W1;\n"
      " add.u32 %r3, %r1, 1;\n and.b32 %r3, %r3, 63;\n mul.wide.u32 %rd6, %r3, 4;\n add.s64 %rd6, %rd3, %rd6;\n"
      " ld.shared.u32 %r4, [%rd6];\n mul.lo.u32 %r6, %r4, 2;\n mov.u64 %rd8, buf2;\n add.s64 %rd9, %rd8, %rd2;\n"
      " st.shared.u32 [%rd9], %r6;\n @%p1 mbarrier.arrive.expect_tx.shared.b64 %rd7, [bar], 8;\n"
      " @!%p1 mbarrier.arrive.shared.b64 %rd7, [bar];\n setp.eq.u32 %p3, %r1, 63;\n"
      " @%p3 mbarrier.complete_tx.shared.b64 [bar], 8;\n"
      "W2:\n mbarrier.test_wait.shared.b64 %p2, [bar], %rd7;\n @!%p2 bra W2;\n"
      " mul.wide.u32 %rd6, %r3, 4;\n add.s64 %rd6, %rd8, %rd6;\n ld.shared.u32 %r7, [%rd6];\n"
      " add.s64 %rd2, %rd1, %rd2;\n st.global.u32 [%rd2], %r7;\n ret;\n}\n";
  CgTestModule *m = cgt_load(src, G);
  CHECK(m->cg != NULL);
  if (!m->cg) {
    diag_print(&m->diags, stderr);
    cgt_free(m);
    return;
  }
  unsigned out[64] = {0};
  unsigned *p = out;
  CHECK_EQ_INT(cgt_launch(m, "k", (KDim3){1, 1, 1}, (KDim3){64, 1, 1}, &p, 0, NULL), KGROUP_DONE);
  int bad = 0;
  for (unsigned t = 0; t < 64; t++) bad += out[t] != 2 * ((t + 2) % 64 + 100);
  CHECK_EQ_INT(bad, 0);
  cgt_free(m);
}
TEST(mbarrier_g32) { run_mbarrier(32); }
TEST(mbarrier_g8) { run_mbarrier(8); }
TEST(mbarrier_g1) { run_mbarrier(1); }
