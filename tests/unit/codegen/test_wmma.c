/* wmma.load/mma/store (wmma.cu -> wmma.ptx, nvcc -arch=sm_80 -ptx): each kernel is one
 * warp computing D = 2*(A*B + C) + 1 for one shape, element type and layout combination,
 * with padded leading dimensions and B staged through shared memory; checked against a
 * host product. Inputs are small integers, so every result is exact. */
#include "cg_runner.h"
#include "test.h"

static CgTestModule *load_wmma(void) {
  char *src = cgt_read_file(CG_TEST_DIR "/wmma.ptx");
  if (!src) return NULL;
  CgTestModule *m = cgt_load(src, 32);
  free(src);
  return m;
}

/* Exact float -> half bits for the small integers used here. */
static uint16_t h16(float f) {
  if (f == 0) return 0;
  uint32_t u;
  memcpy(&u, &f, 4);
  return (uint16_t)(((u >> 16) & 0x8000) | ((((u >> 23) & 0xff) - 127 + 15) << 10) | ((u >> 13) & 0x3ff));
}
static float h2f(uint16_t h) {
  if (!(h & 0x7fff)) return 0;
  uint32_t u = ((uint32_t)(h & 0x8000) << 16) | ((((h >> 10) & 0x1f) - 15 + 127) << 23) | ((uint32_t)(h & 0x3ff) << 13);
  float f;
  memcpy(&f, &u, 4);
  return f;
}

typedef struct Cfg {
  const char *kernel;
  int M, N, K, lda, ldb, ldc;
  bool acol, bcol, dcol;
  int kind; /* 0 f16->f32, 1 f16->f16, 2 s8->s32, 3 u8->s32 */
} Cfg;

static void run_cfg(CgTestModule *m, const Cfg *c) {
  enum { CAP = 2048 };
  double A[64][64], Bm[64][64], C[64][64];
  uint16_t ah[CAP] = {0}, bh[CAP] = {0}, ch[CAP] = {0}, dh[CAP];
  uint8_t a8[CAP] = {0}, b8[CAP] = {0};
  float cf[CAP] = {0}, df[CAP];
  int ci[CAP] = {0}, di[CAP];
  unsigned seed = 12345;
  for (int i = 0; i < c->M; i++)
    for (int k = 0; k < c->K; k++) {
      seed = seed * 1103515245u + 12345u;
      int v = c->kind == 3 ? (int)(seed >> 16) % 256 : c->kind == 2 ? (int)((seed >> 16) % 201) - 100 : (int)((seed >> 16) % 7) - 3;
      A[i][k] = v;
      int idx = c->acol ? k * c->lda + i : i * c->lda + k;
      ah[idx] = h16((float)v), a8[idx] = (uint8_t)v;
    }
  for (int k = 0; k < c->K; k++)
    for (int j = 0; j < c->N; j++) {
      seed = seed * 1103515245u + 12345u;
      int v = c->kind == 3 ? (int)(seed >> 16) % 256 : c->kind == 2 ? (int)((seed >> 16) % 201) - 100 : (int)((seed >> 16) % 7) - 3;
      Bm[k][j] = v;
      int idx = c->bcol ? j * c->ldb + k : k * c->ldb + j;
      bh[idx] = h16((float)v), b8[idx] = (uint8_t)v;
    }
  for (int i = 0; i < c->M; i++)
    for (int j = 0; j < c->N; j++) {
      seed = seed * 1103515245u + 12345u;
      int v = (int)((seed >> 16) % 11) - 5;
      C[i][j] = v;
      ch[i * c->ldc + j] = h16((float)v), cf[i * c->ldc + j] = (float)v, ci[i * c->ldc + j] = v;
    }
  for (int i = 0; i < CAP; i++) dh[i] = 0xffff, df[i] = -1e30f, di[i] = 0x7eadbeef;
  struct {
    const void *a, *b, *c;
    void *d;
  } p;
  bool f16in = c->kind <= 1;
  p.a = f16in ? (const void *)ah : a8;
  p.b = f16in ? (const void *)bh : b8;
  p.c = c->kind == 0 ? (const void *)cf : c->kind == 1 ? (const void *)ch : ci;
  p.d = c->kind == 0 ? (void *)df : c->kind == 1 ? (void *)dh : di;
  int r = cgt_launch(m, c->kernel, (KDim3){1, 1, 1}, (KDim3){32, 1, 1}, &p, 0, NULL);
  CHECK_EQ_INT(r, KGROUP_DONE);
  int bad = 0;
  for (int i = 0; i < c->M; i++)
    for (int j = 0; j < c->N; j++) {
      double acc = C[i][j];
      for (int k = 0; k < c->K; k++) acc += A[i][k] * Bm[k][j];
      double want = 2 * acc + 1;
      int idx = c->dcol ? j * c->ldc + i : i * c->ldc + j;
      double got = c->kind == 0 ? df[idx] : c->kind == 1 ? h2f(dh[idx]) : di[idx];
      if (got != want) {
        if (bad < 4) fprintf(stderr, "  %s: D[%d][%d] = %g, want %g\n", c->kernel, i, j, got, want);
        bad++;
      }
    }
  CHECK_EQ_INT(bad, 0);
}

TEST(wmma_shapes_types_layouts) {
  CgTestModule *m = load_wmma();
  CHECK(m && m->cg);
  if (!m || !m->cg) {
    if (m) diag_print(&m->diags, stderr);
    cgt_free(m);
    return;
  }
  static const Cfg cfgs[] = {
      {"f16_16x16x16", 16, 16, 16, 19, 21, 18, false, true, false, 0},
      {"f16_32x8x16_colrow_h", 32, 8, 16, 35, 9, 33, true, false, true, 1},
      {"s8_8x32x16", 8, 32, 16, 20, 16, 32, false, true, false, 2},
      {"u8_16x16x16", 16, 16, 16, 16, 24, 17, false, false, true, 3},
  };
  for (size_t i = 0; i < ARRAY_LEN(cfgs); i++) run_cfg(m, &cfgs[i]);
  cgt_free(m);
}
