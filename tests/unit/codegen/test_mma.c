/* mma.sync and ldmatrix (mma.cu -> mma.ptx, nvcc -arch=sm_80 -ptx): the kernels index the
 * fragments by the PTX ISA's layouts themselves, so these tests check the exact element
 * positions, not only the product. Small integer inputs: exact results. */
#include "cg_runner.h"
#include "test.h"

static CgTestModule *load_mma(void) {
  char *src = cgt_read_file(CG_TEST_DIR "/mma.ptx");
  if (!src) return NULL;
  CgTestModule *m = cgt_load(src, 32);
  free(src);
  if (m && !m->cg) diag_print(&m->diags, stderr);
  return m;
}

static uint16_t h16(int v) { /* exact half bits of a small integer */
  if (!v) return 0;
  float f = (float)v;
  uint32_t u;
  memcpy(&u, &f, 4);
  return (uint16_t)(((u >> 16) & 0x8000) | ((((u >> 23) & 0xff) - 127 + 15) << 10) | ((u >> 13) & 0x3ff));
}

static int rnd(unsigned *s, int lo, int hi) {
  *s = *s * 1103515245u + 12345u;
  return lo + (int)((*s >> 16) % (unsigned)(hi - lo + 1));
}

static int launch4(CgTestModule *m, const char *k, const void *a, const void *b, const void *c, void *d) {
  struct {
    const void *a, *b, *c;
    void *d;
  } p = {a, b, c, d};
  return cgt_launch(m, k, (KDim3){1, 1, 1}, (KDim3){32, 1, 1}, &p, 0, NULL);
}

TEST(mma_sync_fragment_layouts) {
  CgTestModule *m = load_mma();
  CHECK(m && m->cg);
  if (!m || !m->cg) {
    cgt_free(m);
    return;
  }
  unsigned s = 7;
  int bad = 0;
  { /* f16 m16n8k16 -> f32 */
    int A[16][16], Bm[16][8];
    uint16_t ah[256], bh[128];
    float C[128], D[128];
    for (int i = 0; i < 16; i++)
      for (int k = 0; k < 16; k++) A[i][k] = rnd(&s, -4, 4), ah[i * 16 + k] = h16(A[i][k]);
    for (int k = 0; k < 16; k++)
      for (int j = 0; j < 8; j++) Bm[k][j] = rnd(&s, -4, 4), bh[k * 8 + j] = h16(Bm[k][j]);
    for (int i = 0; i < 128; i++) C[i] = (float)rnd(&s, -9, 9), D[i] = -1e9f;
    CHECK_EQ_INT(launch4(m, "mma_f16_16816", ah, bh, C, D), KGROUP_DONE);
    for (int i = 0; i < 16; i++)
      for (int j = 0; j < 8; j++) {
        float want = C[i * 8 + j];
        for (int k = 0; k < 16; k++) want += (float)(A[i][k] * Bm[k][j]);
        bad += D[i * 8 + j] != want;
      }
    CHECK_EQ_INT(bad, 0);
  }
  { /* s8 m16n8k32 -> s32 */
    int8_t A[16 * 32], Bm[32 * 8];
    int C[128], D[128];
    for (int i = 0; i < 512; i++) A[i] = (int8_t)rnd(&s, -128, 127);
    for (int i = 0; i < 256; i++) Bm[i] = (int8_t)rnd(&s, -128, 127);
    for (int i = 0; i < 128; i++) C[i] = rnd(&s, -1000, 1000), D[i] = 0x7eadbeef;
    CHECK_EQ_INT(launch4(m, "mma_s8_16832", A, Bm, C, D), KGROUP_DONE);
    bad = 0;
    for (int i = 0; i < 16; i++)
      for (int j = 0; j < 8; j++) {
        int want = C[i * 8 + j];
        for (int k = 0; k < 32; k++) want += A[i * 32 + k] * Bm[k * 8 + j];
        bad += D[i * 8 + j] != want;
      }
    CHECK_EQ_INT(bad, 0);
  }
  { /* f64 m8n8k4 */
    double A[32], Bm[32], C[64], D[64];
    for (int i = 0; i < 32; i++) A[i] = rnd(&s, -50, 50) * 0.25, Bm[i] = rnd(&s, -50, 50) * 0.5;
    for (int i = 0; i < 64; i++) C[i] = rnd(&s, -9, 9), D[i] = -1e300;
    CHECK_EQ_INT(launch4(m, "mma_f64_884", A, Bm, C, D), KGROUP_DONE);
    bad = 0;
    for (int i = 0; i < 8; i++)
      for (int j = 0; j < 8; j++) {
        double want = C[i * 8 + j];
        for (int k = 0; k < 4; k++) want += A[i * 4 + k] * Bm[k * 8 + j];
        bad += D[i * 8 + j] != want;
      }
    CHECK_EQ_INT(bad, 0);
  }
  { /* tf32 m16n8k8 -> f32 */
    float A[128], Bm[64], C[128], D[128];
    for (int i = 0; i < 128; i++) A[i] = (float)rnd(&s, -8, 8), C[i] = (float)rnd(&s, -9, 9), D[i] = -1e9f;
    for (int i = 0; i < 64; i++) Bm[i] = (float)rnd(&s, -8, 8);
    CHECK_EQ_INT(launch4(m, "mma_tf32_1688", A, Bm, C, D), KGROUP_DONE);
    bad = 0;
    for (int i = 0; i < 16; i++)
      for (int j = 0; j < 8; j++) {
        float want = C[i * 8 + j];
        for (int k = 0; k < 8; k++) want += A[i * 8 + k] * Bm[k * 8 + j];
        bad += D[i * 8 + j] != want;
      }
    CHECK_EQ_INT(bad, 0);
  }
  cgt_free(m);
}

TEST(ldmatrix_layouts) {
  CgTestModule *m = load_mma();
  CHECK(m && m->cg);
  if (!m || !m->cg) {
    cgt_free(m);
    return;
  }
  uint16_t in[256];
  for (int i = 0; i < 256; i++) in[i] = (uint16_t)(i * 3 + 1);
  uint32_t out[192] = {0}, out_t[192] = {0};
  struct {
    const void *in;
    void *out, *out_t;
  } p = {in, out, out_t};
  CHECK_EQ_INT(cgt_launch(m, "ldm_x4", (KDim3){1, 1, 1}, (KDim3){32, 1, 1}, &p, 0, NULL), KGROUP_DONE);
  int bad = 0;
  for (int j = 0; j < 4; j++)
    for (int l = 0; l < 32; l++) {
      int g = l / 4, t = l % 4;
      uint32_t w = in[(j * 8 + g) * 8 + 2 * t] | (uint32_t)in[(j * 8 + g) * 8 + 2 * t + 1] << 16;
      uint32_t wt = in[(j * 8 + 2 * t) * 8 + g] | (uint32_t)in[(j * 8 + 2 * t + 1) * 8 + g] << 16;
      bad += out[j * 32 + l] != w;
      bad += out_t[j * 32 + l] != wt;
      if (j == 0) bad += out[128 + l] != w;          /* .x1 */
      if (j < 2) bad += out_t[128 + j * 32 + l] != wt; /* .x2.trans */
    }
  CHECK_EQ_INT(bad, 0);
  cgt_free(m);
}
