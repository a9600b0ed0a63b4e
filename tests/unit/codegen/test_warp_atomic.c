/* codegen unit tests for warp-level instructions, atomics of every operation, bar.red and
 * a switch: kernels2.cu -> kernels2.ptx (nvcc -arch=compute_80 -ptx), checked against C. */
#include "cg_runner.h"
#include "test.h"

static CgTestModule *load2(unsigned G) {
  char *src = cgt_read_file(CG_TEST_DIR "/kernels2.ptx");
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

static int popc(unsigned x) { return __builtin_popcount(x); }

TEST(warp_ops_all_forms) {
  CgTestModule *m = load2(1); /* warp instructions force G = 32 whatever was asked */
  CHECK(m != NULL);
  if (!m) return;
  enum { N = 96 };
  int in[N], out[N * 12];
  for (int i = 0; i < N; i++) in[i] = (i * 37 + 11) % 50 - (i == 70 ? 100 : 0);
  in[5] = 17;
  struct {
    const int *in;
    int *out;
  } p = {in, out};
  memset(out, 0, sizeof out);
  int r = cgt_launch(m, "_Z7warpopsPKiPi", (KDim3){1, 1, 1}, (KDim3){N, 1, 1}, &p, 0, NULL);
  CHECK_EQ_INT(r, KGROUP_DONE);
  int bad = 0;
  for (int t = 0; t < N; t++) {
    int l = t & 31, w = t >> 5, base = w * 32;
    const int *o = out + t * 12;
    int want[12];
    want[0] = l >= 3 ? in[t - 3] : in[t];
    want[1] = in[base + (l ^ 5)];
    want[2] = in[base + 7];
    { /* width 8: segments of 8 lanes */
      int seg = l & ~7, j = l + 2;
      want[3] = j <= seg + 7 ? in[base + j] : in[t];
    }
    int all = 1, any = 0, sum = 0, mx = -1000000;
    unsigned ballot = 0, match = 0, odd = 0, lt = 0;
    for (int k = 0; k < 32; k++) {
      int v = in[base + k];
      all &= v > 0;
      any |= v == 17;
      ballot |= (unsigned)(v & 1) << k;
      if (((v % 3) + 3) % 3 == ((in[t] % 3) + 3) % 3 && v % 3 == in[t] % 3) match |= 1u << k;
      sum += v;
      if (v > mx) mx = v;
      if (k & 1) odd |= 1u << k;
      if (k < w + 3) lt |= 1u << k;
    }
    want[4] = all;
    want[5] = any;
    want[6] = (int)ballot;
    want[7] = (int)match;
    want[8] = sum;
    want[9] = mx;
    want[10] = (l & 1) ? (int)odd : 0;
    want[11] = popc(lt);
    for (int k = 0; k < 12; k++)
      if (o[k] != want[k] && bad++ < 6) fprintf(stderr, "  thread %d out[%d] = %d, want %d\n", t, k, o[k], want[k]);
  }
  CHECK_EQ_INT(bad, 0);
  cgt_free(m);
}

static void run_atoms(unsigned G) {
  CgTestModule *m = load2(G);
  CHECK(m != NULL);
  if (!m) return;
  enum { B = 3, T = 70, N = B * T };
  int a[8] = {0, 1 << 30, 0, 5, 0, 0, 0, 0};
  unsigned u[5] = {0, 0, 0xffffffffu, 0, 0};
  unsigned long long ull[2] = {0, 0};
  double d = 0;
  struct {
    int *a;
    unsigned *u;
    unsigned long long *ull;
    double *d;
  } p = {a, u, ull, &d};
  int r = cgt_launch(m, "_Z5atomsPiPjPyPd", (KDim3){B, 1, 1}, (KDim3){T, 1, 1}, &p, 0, NULL);
  CHECK_EQ_INT(r, KGROUP_DONE);
  CHECK_EQ_INT(a[0], -2 * N);
  CHECK_EQ_INT(a[1], 1000 - (N - 1));
  CHECK_EQ_INT(a[2], 7);
  /* t == 5 swaps 5 -> 6; then t == 6 may see 6 and swap, and so on: any order of the
   * threads gives a value in [6, N]; lane order within groups gives exactly N. */
  CHECK(a[3] >= 6 && a[3] <= N);
  /* inc wraps at 9: N increments from 0 end at N % 10; dec from 0 with limit 5 wraps to 5. */
  CHECK_EQ_INT(u[0], N % 10);
  unsigned dec = 0;
  for (int i = 0; i < N; i++) dec = (dec == 0 || dec > 5) ? 5 : dec - 1;
  CHECK_EQ_INT(u[1], dec);
  CHECK_EQ_INT(u[2], 0);
  CHECK_EQ_INT(u[3], 0xffffffffu);
  unsigned x = 0;
  unsigned long long s = 0;
  for (int i = 0; i < N; i++) x ^= (unsigned)i, s += (unsigned long long)i << 33;
  CHECK_EQ_INT(u[4], x);
  CHECK(ull[0] == s);
  CHECK(ull[1] == (unsigned long long)(N - 1) * 3);
  CHECK(d == 0.25 * N);
  for (int k = 0; k < 4; k++) {
    int want = 0;
    for (int b = 0; b < B; b++)
      for (int t = 0; t < T; t++) want += ((b * T + t) & 3) == k;
    CHECK_EQ_INT(a[4 + k], want);
  }
  cgt_free(m);
}

TEST(atomics_every_op_g32) { run_atoms(32); }
TEST(atomics_every_op_g1) { run_atoms(1); }

static void run_barred(unsigned G) {
  CgTestModule *m = load2(G);
  CHECK(m != NULL);
  if (!m) return;
  enum { T = 100 };
  int in[T], out[T];
  for (int i = 0; i < T; i++) in[i] = i % 23;
  in[60] = 42;
  struct {
    const int *in;
    int *out;
  } p = {in, out};
  int r = cgt_launch(m, "_Z6barredPKiPi", (KDim3){1, 1, 1}, (KDim3){T, 1, 1}, &p, 0, NULL);
  CHECK_EQ_INT(r, KGROUP_DONE);
  int cnt = 0;
  for (int i = 0; i < T; i++) cnt += in[i] > 10;
  for (int i = 0; i < T; i++) CHECK_EQ_INT(out[i], cnt * 100 + 10 + 1);
  cgt_free(m);
}

TEST(bar_red_g32) { run_barred(32); }
TEST(bar_red_g8) { run_barred(8); }

static void run_switch(unsigned G) {
  CgTestModule *m = load2(G);
  CHECK(m != NULL);
  if (!m) return;
  enum { T = 128 };
  int in[T], out[T];
  for (int i = 0; i < T; i++) in[i] = i * 7 - 300;
  struct {
    const int *in;
    int *out;
  } p = {in, out};
  int r = cgt_launch(m, "_Z7switchyPKiPi", (KDim3){1, 1, 1}, (KDim3){T, 1, 1}, &p, 0, NULL);
  CHECK_EQ_INT(r, KGROUP_DONE);
  int bad = 0;
  for (int i = 0; i < T; i++) {
    int v = in[i], w;
    switch (v & 7) {
    case 0: w = v * 2; break;
    case 1: w = v + 100; break;
    case 2: w = -v; break;
    case 3: w = v ^ 0x55; break;
    case 4: w = (int)((unsigned)v << 3); break;
    case 5: w = v / 3; break;
    case 6: w = v % 5; break;
    default: w = 12345;
    }
    bad += out[i] != w;
  }
  CHECK_EQ_INT(bad, 0);
  cgt_free(m);
}

TEST(switch_divergence_g32) { run_switch(32); }
TEST(switch_divergence_g1) { run_switch(1); }
