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

TEST(unsupported_instruction_is_diagnosed) {
  const char *src = ".version 8.0\n.target sm_80\n.address_size 64\n"
                    ".visible .entry k(.param .u64 p)\n{\n .reg .b32 %r<4>;\n"
                    " bmsk.clamp.b32 %r1, %r2, %r3;\n ret;\n}\n";
  CgTestModule *m = cgt_load(src, 32);
  CHECK(m->cg == NULL);
  bool found = false;
  for (size_t i = 0; i < m->diags.diags.len; i++)
    if (m->diags.diags.data[i].severity == DIAG_UNSUPPORTED && strstr(m->diags.diags.data[i].message, "bmsk") &&
        m->diags.diags.data[i].loc.line == 7)
      found = true;
  CHECK(found);
  cgt_free(m);
}
