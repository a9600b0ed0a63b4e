/* exec's sampler on hand-built KTexture objects (kernel_abi.h): filtering weights,
 * address modes, formats, gather order, txq, surface bounds modes, bad input. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "kernel_abi.h"
#include "test.h"

#define LANES 4

static float tex_data[3][4] = {{0, 1, 2, 3}, {10, 11, 12, 13}, {20, 21, 22, 23}};

static KTexture float_tex(void) {
  KTexture t;
  memset(&t, 0, sizeof t);
  t.magic = KTEX_MAGIC;
  t.data = (uint8_t *)tex_data;
  t.pitch = 16;
  t.slice = 48;
  t.width = 4;
  t.height = 3;
  t.depth = 1;
  t.format = KTEX_FMT_FLOAT;
  t.channel_bits = 32;
  t.channels = 1;
  t.texel_size = 4;
  t.address[0] = t.address[1] = t.address[2] = KTEX_ADDR_CLAMP;
  return t;
}

static uint32_t fbits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

static float bitsf(uint32_t u) {
  float f;
  memcpy(&f, &u, 4);
  return f;
}

/* One 2D float sample per lane at (x[l], y[l]); returns channel 0 of each lane. */
static void sample2d(const KTexture *t, const float *x, const float *y, float *res) {
  uint64_t h[LANES];
  uint32_t c[4 * LANES] = {0}, out[4 * LANES];
  for (int l = 0; l < LANES; l++) {
    h[l] = (uint64_t)(uintptr_t)t;
    c[l] = fbits(x[l]);
    c[LANES + l] = fbits(y[l]);
  }
  uint32_t op = KTEX_GEOM_2D | KTEX_KIND_TEX << KTEX_OP_KIND_SHIFT;
  CHECK_EQ_INT(k_rt_tex(op, LANES, 0xf, h, c, out), 0);
  for (int l = 0; l < LANES; l++) res[l] = bitsf(out[l]);
}

TEST(point_clamp_and_extremes) {
  KTexture t = float_tex();
  float x[LANES] = {1.5f, -5.0f, 1e30f, NAN}, y[LANES] = {2.9f, 0.5f, 1e30f, NAN}, r[LANES];
  sample2d(&t, x, y, r);
  CHECK(r[0] == 21);
  CHECK(r[1] == 0);  /* clamped to the first texel */
  CHECK(r[2] == 23); /* huge: the last */
  CHECK(!isnan(r[3])); /* NaN coordinates read some texel, never wild memory */
}

TEST(linear_weights_have_8_fraction_bits) {
  KTexture t = float_tex();
  t.linear_filter = 1;
  /* x = 1.8: xB = 1.3, i = 1, frac 0.3 -> 77/256 (0.3 * 256 = 76.8). Row 0. */
  float x[LANES] = {1.8f, 1.0f, 0.5f, 2.0f}, y[LANES] = {0.5f, 0.5f, 1.0f, 1.5f}, r[LANES];
  sample2d(&t, x, y, r);
  float a = 77.0f / 256.0f;
  CHECK(fabsf(r[0] - ((1 - a) * 1 + a * 2)) < 1e-6f);
  CHECK(r[0] != 1.3f); /* the unquantized weight would give this */
  CHECK(r[1] == 0.5f);
  CHECK(r[2] == 5.0f); /* halfway between rows 0 and 1 of column 0 */
  CHECK(r[3] == 11.5f);
}

TEST(wrap_mirror_border) {
  KTexture t = float_tex();
  t.normalized_coords = 1;
  t.address[0] = t.address[1] = KTEX_ADDR_WRAP;
  /* u = -0.1: x = -0.4, index -1 wraps to 3; u = 1.3: x = 5.2 -> 5 wraps to 1. */
  float x[LANES] = {-0.1f, 1.3f, 0.1f, 0.99f}, y[LANES] = {0.1f, 0.1f, -0.2f, 0.5f}, r[LANES];
  sample2d(&t, x, y, r);
  CHECK(r[0] == 3);
  CHECK(r[1] == 1);
  CHECK(r[2] == 20); /* y = -0.6 -> row -1 wraps to 2 */
  CHECK(r[3] == 13);
  t.address[0] = t.address[1] = KTEX_ADDR_MIRROR;
  float xm[LANES] = {-0.1f, 1.1f, 1.9f, 0.3f}, ym[LANES] = {0.1f, 0.1f, 0.1f, 1.2f};
  sample2d(&t, xm, ym, r);
  CHECK(r[0] == 0);  /* index -1 mirrors to 0 */
  CHECK(r[1] == 3);  /* 4 mirrors to 3 */
  CHECK(r[2] == 0);  /* 7 mirrors to 0 */
  CHECK(r[3] == 21); /* row 3 mirrors to 2 */
  t.address[0] = t.address[1] = KTEX_ADDR_BORDER;
  t.border[0] = -9;
  float xb[LANES] = {-0.01f, 1.0f, 0.5f, 0.5f}, yb[LANES] = {0.5f, 0.5f, 0.5f, 1.01f};
  sample2d(&t, xb, yb, r);
  CHECK(r[0] == -9 && r[1] == -9 && r[2] == 12 && r[3] == -9);
  /* Wrap with unnormalized coordinates behaves as clamp. */
  t.normalized_coords = 0;
  t.address[0] = t.address[1] = KTEX_ADDR_WRAP;
  float xu[LANES] = {-1.0f, 9.0f, 0.5f, 0.5f}, yu[LANES] = {0.5f, 0.5f, 0.5f, 0.5f};
  sample2d(&t, xu, yu, r);
  CHECK(r[0] == 0 && r[1] == 3);
}

TEST(inactive_lanes_and_bogus_handles) {
  KTexture t = float_tex();
  uint64_t h[LANES] = {(uintptr_t)&t, (uintptr_t)&t, 0, (uintptr_t)&t};
  KTexture dead = t;
  dead.magic = 0xdeadbeef;
  h[3] = (uintptr_t)&dead;
  uint32_t c[4 * LANES] = {0}, out[4 * LANES];
  for (int i = 0; i < 4 * LANES; i++) out[i] = 0x5a5a5a5a;
  for (int l = 0; l < LANES; l++) c[l] = c[LANES + l] = fbits(2.5f);
  k_rt_tex(KTEX_GEOM_2D | KTEX_KIND_TEX << KTEX_OP_KIND_SHIFT, LANES, 0xd /* lanes 0, 2, 3 */, h, c, out);
  CHECK(bitsf(out[0]) == 22);
  CHECK(out[1] == 0x5a5a5a5a && out[LANES + 1] == 0x5a5a5a5a); /* inactive: untouched */
  CHECK(out[2] == 0 && out[3] == 0);                            /* null and dead handles: zeros */
  CHECK(bitsf(out[3 * LANES]) == 1.0f);                         /* absent alpha of lane 0 is 1 */
}

TEST(formats) {
  static const uint16_t halves[4] = {0x3c00, 0x0001, 0xfc00, 0xc000};
  static const int8_t s8[4] = {-128, -127, 127, 0};
  KTexture t = float_tex();
  t.data = (uint8_t *)halves;
  t.width = 4;
  t.height = 1;
  t.channel_bits = 16;
  t.texel_size = 2;
  t.pitch = 8;
  float x[LANES] = {0.5f, 1.5f, 2.5f, 3.5f}, y[LANES] = {0.5f, 0.5f, 0.5f, 0.5f}, r[LANES];
  sample2d(&t, x, y, r);
  CHECK(r[0] == 1.0f && r[1] == ldexpf(1, -24) && isinf(r[2]) && r[2] < 0 && r[3] == -2.0f);
  t.data = (uint8_t *)s8;
  t.format = KTEX_FMT_SIGNED;
  t.channel_bits = 8;
  t.texel_size = 1;
  t.pitch = 4;
  t.read_normalized = 1;
  sample2d(&t, x, y, r);
  CHECK(r[0] == -1.0f && r[1] == -1.0f && r[2] == 1.0f && r[3] == 0.0f);
  /* As integers (.s32 destination): sign-extended. */
  uint64_t h[LANES];
  uint32_t c[4 * LANES] = {0}, out[4 * LANES];
  for (int l = 0; l < LANES; l++) {
    h[l] = (uintptr_t)&t;
    c[l] = (uint32_t)l;
  }
  t.read_normalized = 0;
  k_rt_tex(KTEX_GEOM_2D | KTEX_OP_INT_COORDS | 1u << KTEX_OP_DST_SHIFT | KTEX_KIND_TEX << KTEX_OP_KIND_SHIFT, LANES,
           0xf, h, c, out);
  CHECK((int32_t)out[0] == -128 && (int32_t)out[2] == 127);
}

TEST(gather_txq_cube) {
  KTexture t = float_tex();
  uint64_t h[LANES];
  uint32_t c[4 * LANES] = {0}, out[4 * LANES];
  for (int l = 0; l < LANES; l++) h[l] = (uintptr_t)&t;
  c[0] = fbits(1.7f); /* i0 = 1, i1 = 2 */
  c[LANES] = fbits(1.2f); /* j0 = 0, j1 = 1 */
  k_rt_tex(KTEX_GEOM_2D | KTEX_KIND_TLD4 << KTEX_OP_KIND_SHIFT, LANES, 0x1, h, c, out);
  CHECK(bitsf(out[0]) == 11 && bitsf(out[LANES]) == 12 && bitsf(out[2 * LANES]) == 2 && bitsf(out[3 * LANES]) == 1);
  k_rt_tex(KTEX_KIND_TXQ << KTEX_OP_KIND_SHIFT | KTEX_TXQ_HEIGHT << KTEX_OP_ARG_SHIFT, LANES, 0x1, h, c, out);
  CHECK_EQ_INT(out[0], 3);
  /* Cube: 2x2 faces, face f holds 10f + texel. Direction +x: face 0; -z: face 5. */
  float faces[6][2][2];
  for (int f = 0; f < 6; f++)
    for (int i = 0; i < 4; i++) faces[f][i / 2][i % 2] = (float)(10 * f + i);
  KTexture cube = float_tex();
  cube.data = (uint8_t *)faces;
  cube.width = cube.height = 2;
  cube.pitch = 8;
  cube.slice = 16;
  cube.layers = 6;
  for (int l = 0; l < LANES; l++) h[l] = (uintptr_t)&cube;
  float dirs[2][3] = {{1, 0.5f, 0.5f}, {0.2f, -0.3f, -1}};
  for (int l = 0; l < 2; l++)
    for (int k = 0; k < 3; k++) c[k * LANES + l] = fbits(dirs[l][k]);
  k_rt_tex(KTEX_GEOM_CUBE | KTEX_KIND_TEX << KTEX_OP_KIND_SHIFT, LANES, 0x3, h, c, out);
  /* +x: s = -z = -0.5 -> u 0.25 -> texel 0; t = -y = -0.5 -> row 0: value 0.
   * -z: s = -x = -0.2 -> u 0.4 -> 0; t = -y = 0.3 -> v 0.65 -> row 1: value 52. */
  CHECK(bitsf(out[0]) == 0);
  CHECK(bitsf(out[1]) == 52);
}

TEST(surface_bounds_modes) {
  int32_t img[2][3] = {{1, 2, 3}, {4, 5, 6}};
  KTexture s;
  memset(&s, 0, sizeof s);
  s.magic = KTEX_MAGIC;
  s.is_surface = 1;
  s.data = (uint8_t *)img;
  s.pitch = 12;
  s.slice = 24;
  s.width = 3;
  s.height = 2;
  s.depth = 1;
  s.format = KTEX_FMT_SIGNED;
  s.channel_bits = 32;
  s.channels = 1;
  s.texel_size = 4;
  uint64_t h[LANES];
  uint32_t c[4 * LANES] = {0}, out[4 * LANES];
  int32_t xs[LANES] = {0, 8, 12, -4}, ys[LANES] = {1, 1, 0, 0};
  for (int l = 0; l < LANES; l++) {
    h[l] = (uintptr_t)&s;
    c[l] = (uint32_t)xs[l];
    c[LANES + l] = (uint32_t)ys[l];
  }
  uint32_t base = KTEX_GEOM_2D | 2u << KTEX_OP_SURF_ELEM_SHIFT;
  /* .trap: lane 2 (x = 12, one past the row) is the first out of range. */
  CHECK_EQ_INT(k_rt_tex(base | KTEX_KIND_SULD << KTEX_OP_KIND_SHIFT | KTEX_SURF_TRAP << KTEX_OP_ARG_SHIFT, LANES, 0xf,
                        h, c, out),
               3);
  CHECK_EQ_INT(k_rt_tex(base | KTEX_KIND_SULD << KTEX_OP_KIND_SHIFT | KTEX_SURF_ZERO << KTEX_OP_ARG_SHIFT, LANES, 0xf,
                        h, c, out),
               0);
  CHECK(out[0] == 4 && out[1] == 6 && out[2] == 0 && out[3] == 0);
  k_rt_tex(base | KTEX_KIND_SULD << KTEX_OP_KIND_SHIFT | KTEX_SURF_CLAMP << KTEX_OP_ARG_SHIFT, LANES, 0xf, h, c, out);
  CHECK(out[0] == 4 && out[1] == 6 && out[2] == 3 && out[3] == 1);
  for (int l = 0; l < LANES; l++) out[l] = 100 + (uint32_t)l;
  k_rt_tex(base | KTEX_KIND_SUST << KTEX_OP_KIND_SHIFT | KTEX_SURF_ZERO << KTEX_OP_ARG_SHIFT, LANES, 0xf, h, c, out);
  CHECK(img[1][0] == 100 && img[1][2] == 101 && img[0][0] == 1 && img[0][2] == 3); /* out of range dropped */
}
