/* ISA tests (Mesa lp_test_arit style): one small PTX kernel per instruction form; thread i
 * applies it to the i-th combination of edge values (±0, denormals, NaN, ±Inf, INT_MIN/-1,
 * shift counts at and over the width, ...) and the result is compared bit for bit with a C
 * reference function, at G = 32 and at G = 1. Approximate instructions compare within the
 * error bound the PTX ISA states. Built with -frounding-math: references use fesetround. */
#include <fenv.h>
#include <float.h>
#include <limits.h>
#include <math.h>

#include "cg_runner.h"

typedef enum Ty { U16, S16, U32, S32, U64, S64, F32, F64, B32, B64, H16 } Ty;
static const char *ty_name[] = {"u16", "s16", "u32", "s32", "u64", "s64", "f32", "f64", "b32", "b64", "b16"};
static unsigned ty_size[] = {2, 2, 4, 4, 8, 8, 4, 8, 4, 8, 2};

typedef uint64_t (*RefFn)(uint64_t a, uint64_t b, uint64_t c);

typedef struct IsaCase {
  const char *name;
  const char *body; /* PTX using %ia %ib %ic (inputs) and %od (output); %pp, %pq are preds */
  Ty ta, tb, tc, td;
  int nin;
  RefFn ref;
  double tol;       /* 0: bit-exact; else relative/absolute error bound (approx forms) */
} IsaCase;

/* ---- Bit-pattern helpers. ---- */
static float F(uint64_t x) { float f; uint32_t u = (uint32_t)x; memcpy(&f, &u, 4); return f; }
static double D(uint64_t x) { double d; memcpy(&d, &x, 8); return d; }
static uint64_t UF(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static uint64_t UD(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }

/* ---- Edge tables. ---- */
static const uint64_t edge_u32[] = {0, 1, 2, 3, 7, 31, 32, 33, 63, 64, 255, 0x7fffffff, 0x80000000u,
                                    0xfffffffeu, 0xffffffffu, 0x55555555, 0x12345678, 1000000007};
static const uint64_t edge_u64[] = {0, 1, 2, 63, 64, 65, 0x7fffffffffffffffull, 0x8000000000000000ull,
                                    0xffffffffffffffffull, 0xfffffffeull, 0x100000000ull, 0x123456789abcdefull,
                                    (uint64_t)-7};
static const uint64_t edge_u16[] = {0, 1, 2, 15, 16, 17, 0x7fff, 0x8000, 0xffff, 0x1234};
/* f16 bit patterns: zeros, subnormals, 1, -2.5, max, infinities, NaN, values that round. */
static const uint64_t edge_h16[] = {0x0000, 0x8000, 0x0001, 0x83ff, 0x3c00, 0xc100, 0x7bff, 0xfbff,
                                    0x7c00, 0xfc00, 0x7e00, 0x3555, 0x0400, 0x5640, 0x3c01, 0x2e66};
static uint64_t edge_f32[24], edge_f64[20];

static void init_edges(void) {
  float f[] = {0.0f, -0.0f, 1.0f, -1.0f, 1.5f, -2.75f, 0.1f, 1.0f / 3.0f, 16777217.0f, 123456.789f,
               FLT_MAX, -FLT_MAX, FLT_MIN, -FLT_MIN, 1e-40f, -1e-40f, 1.4e-45f, INFINITY, -INFINITY,
               NAN, 3.0e38f, 0.5f, 2.5f, -3.5f};
  for (size_t i = 0; i < ARRAY_LEN(f); i++) edge_f32[i] = UF(f[i]);
  double d[] = {0.0, -0.0, 1.0, -1.0, 1.5, -2.75, 0.1, 1.0 / 3.0, 9007199254740993.0, 1e300, -1e300,
                DBL_MAX, DBL_MIN, 4.9e-324, -1e-310, INFINITY, -INFINITY, NAN, 0.5, 2.5};
  for (size_t i = 0; i < ARRAY_LEN(d); i++) edge_f64[i] = UD(d[i]);
}

static void edges(Ty t, const uint64_t **v, size_t *n) {
  switch (t) {
  case U16:
  case S16: *v = edge_u16, *n = ARRAY_LEN(edge_u16); break;
  case H16: *v = edge_h16, *n = ARRAY_LEN(edge_h16); break;
  case U32:
  case S32:
  case B32: *v = edge_u32, *n = ARRAY_LEN(edge_u32); break;
  case U64:
  case S64:
  case B64: *v = edge_u64, *n = ARRAY_LEN(edge_u64); break;
  case F32: *v = edge_f32, *n = ARRAY_LEN(edge_f32); break;
  case F64: *v = edge_f64, *n = ARRAY_LEN(edge_f64); break;
  }
}

/* ---- References (PTX ISA semantics in C). ---- */
#define S32V(x) ((int32_t)(uint32_t)(x))
#define U32V(x) ((uint32_t)(x))
#define S64V(x) ((int64_t)(x))

static uint64_t r_add_s32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return U32V(a + b); }
static uint64_t r_sub_s32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return U32V(a - b); }
static uint64_t r_mul_lo_s32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return U32V(U32V(a) * U32V(b)); }
static uint64_t r_mul_hi_s32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return U32V((uint64_t)((int64_t)S32V(a) * S32V(b)) >> 32); }
static uint64_t r_mul_hi_u32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return U32V(((uint64_t)U32V(a) * U32V(b)) >> 32); }
static uint64_t r_mul_wide_s32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return (uint64_t)((int64_t)S32V(a) * S32V(b)); }
static uint64_t r_mul_wide_u32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return (uint64_t)U32V(a) * U32V(b); }
static uint64_t r_mad_lo_s32(uint64_t a, uint64_t b, uint64_t c) { return U32V(U32V(a) * U32V(b) + U32V(c)); }
static uint64_t r_mul_hi_u64(uint64_t a, uint64_t b, uint64_t c) { (void)c; return (uint64_t)(((unsigned __int128)a * b) >> 64); }
static uint64_t r_mul_hi_s64(uint64_t a, uint64_t b, uint64_t c) { (void)c; return (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64); }
static uint64_t r_div_u32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return U32V(b) ? U32V(a) / U32V(b) : 0xffffffffu; }
static uint64_t r_rem_u32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return U32V(b) ? U32V(a) % U32V(b) : U32V(a); }
static uint64_t r_div_s32(uint64_t a, uint64_t b, uint64_t c) {
  (void)c;
  int32_t x = S32V(a), y = S32V(b);
  if (!y) return 0xffffffffu;
  if (x == INT_MIN && y == -1) return U32V(x);
  return U32V(x / y);
}
static uint64_t r_rem_s32(uint64_t a, uint64_t b, uint64_t c) {
  (void)c;
  int32_t x = S32V(a), y = S32V(b);
  if (!y) return U32V(x);
  if (x == INT_MIN && y == -1) return 0;
  return U32V(x % y);
}
static uint64_t r_div_s64(uint64_t a, uint64_t b, uint64_t c) {
  (void)c;
  int64_t x = (int64_t)a, y = (int64_t)b;
  if (!y) return ~0ull;
  if (x == INT64_MIN && y == -1) return (uint64_t)x;
  return (uint64_t)(x / y);
}
static uint64_t r_shl_b32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return U32V(b) >= 32 ? 0 : U32V(U32V(a) << U32V(b)); }
static uint64_t r_shr_u32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return U32V(b) >= 32 ? 0 : U32V(a) >> U32V(b); }
static uint64_t r_shr_s32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return U32V(S32V(a) >> (U32V(b) >= 32 ? 31 : U32V(b))); }
static uint64_t r_shl_b64(uint64_t a, uint64_t b, uint64_t c) { (void)c; return U32V(b) >= 64 ? 0 : a << U32V(b); }
static uint64_t r_shr_s64(uint64_t a, uint64_t b, uint64_t c) { (void)c; return (uint64_t)((int64_t)a >> (U32V(b) >= 64 ? 63 : U32V(b))); }
static uint64_t r_min_s32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return U32V(S32V(a) < S32V(b) ? S32V(a) : S32V(b)); }
static uint64_t r_max_u32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return U32V(a) > U32V(b) ? U32V(a) : U32V(b); }
static uint64_t r_abs_s32(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return U32V(S32V(a) < 0 ? -(uint32_t)a : a); }
static uint64_t r_neg_s32(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return U32V(-(uint32_t)a); }
static uint64_t r_popc(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return (uint64_t)__builtin_popcount(U32V(a)); }
static uint64_t r_clz(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return U32V(a) ? (uint64_t)__builtin_clz(U32V(a)) : 32; }
static uint64_t r_brev(uint64_t a, uint64_t b, uint64_t c) {
  (void)b, (void)c;
  uint32_t x = U32V(a), r = 0;
  for (int i = 0; i < 32; i++) r |= ((x >> i) & 1u) << (31 - i);
  return r;
}
static uint64_t r_bfind_u32(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return U32V(a) ? 31u - (uint32_t)__builtin_clz(U32V(a)) : 0xffffffffu; }
static uint64_t r_bfind_s32(uint64_t a, uint64_t b, uint64_t c) {
  (void)b, (void)c;
  uint32_t x = U32V(a);
  if (S32V(x) < 0) x = ~x;
  return x ? 31u - (uint32_t)__builtin_clz(x) : 0xffffffffu;
}
static uint64_t r_bfind_shiftamt(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return U32V(a) ? (uint64_t)__builtin_clz(U32V(a)) : 0xffffffffu; }
static uint64_t r_bfe_u32(uint64_t a, uint64_t b, uint64_t c) {
  uint32_t pos = U32V(b) & 0xff, len = U32V(c) & 0xff;
  uint32_t d = 0;
  for (uint32_t i = 0; i < 32; i++) {
    uint32_t bit = (i < len && pos + i <= 31) ? (U32V(a) >> (pos + i)) & 1 : 0;
    d |= bit << i;
  }
  return d;
}
static uint64_t r_bfe_s32(uint64_t a, uint64_t b, uint64_t c) {
  uint32_t pos = U32V(b) & 0xff, len = U32V(c) & 0xff;
  uint32_t sbit = (len == 0) ? 0 : (U32V(a) >> (pos + len - 1 > 31 ? 31 : pos + len - 1)) & 1;
  uint32_t d = 0;
  for (uint32_t i = 0; i < 32; i++) {
    uint32_t bit = i < len && pos + i <= 31 ? (U32V(a) >> (pos + i)) & 1 : sbit;
    d |= bit << i;
  }
  return d;
}
static uint64_t r_bfi_b32(uint64_t a, uint64_t b, uint64_t c) {
  /* bfi f, a, b, pos=c&0xff, len=8 (the kernel uses a fixed length of 8). */
  uint32_t pos = U32V(c) & 0xff, len = 8, f = U32V(b);
  for (uint32_t i = 0; i < len && pos + i <= 31; i++) f = (f & ~(1u << (pos + i))) | (((U32V(a) >> i) & 1) << (pos + i));
  return f;
}
static uint64_t r_prmt(uint64_t a, uint64_t b, uint64_t c) {
  uint64_t tmp = ((uint64_t)U32V(b) << 32) | U32V(a);
  uint32_t d = 0;
  for (int k = 0; k < 4; k++) {
    uint32_t sel = (U32V(c) >> (4 * k)) & 0xf;
    uint32_t byte = (uint32_t)(tmp >> (8 * (sel & 7))) & 0xff;
    if (sel & 8) byte = (byte & 0x80) ? 0xff : 0;
    d |= byte << (8 * k);
  }
  return d;
}
/* ---- bmsk, szext, prmt modes, dp4a/dp2a, SIMD video (emit_video.c). ---- */
static uint64_t r_bmsk(uint32_t a, uint32_t b, int wrap) {
  if (wrap) a &= 31, b &= 31;
  else a = a > 32 ? 32 : a, b = b > 32 ? 32 : b;
  uint64_t m = 0;
  for (uint32_t i = a; i < a + b && i < 32; i++) m |= 1ull << i;
  return m;
}
static uint64_t r_bmsk_clamp(uint64_t a, uint64_t b, uint64_t c) { (void)c; return r_bmsk(U32V(a), U32V(b), 0); }
static uint64_t r_bmsk_wrap(uint64_t a, uint64_t b, uint64_t c) { (void)c; return r_bmsk(U32V(a), U32V(b), 1); }
static uint64_t r_szext(uint32_t a, uint32_t b, int wrap, int sgn) {
  uint32_t n = wrap ? b & 31 : (b > 32 ? 32 : b);
  if (n == 0) return 0;
  if (n == 32) return a;
  uint32_t v = a & ((1u << n) - 1);
  if (sgn && (v >> (n - 1) & 1)) v |= ~((1u << n) - 1);
  return v;
}
static uint64_t r_szext_clamp_s(uint64_t a, uint64_t b, uint64_t c) { (void)c; return r_szext(U32V(a), U32V(b), 0, 1); }
static uint64_t r_szext_wrap_u(uint64_t a, uint64_t b, uint64_t c) { (void)c; return r_szext(U32V(a), U32V(b), 1, 0); }
static uint64_t r_prmt_mode(uint64_t a, uint64_t b, uint64_t c, int mode) {
  /* The PTX ISA's tables for the modes, byte k of d = source byte tab[c&3][k]. */
  static const uint8_t tab[6][4][4] = {
      {{0, 1, 2, 3}, {1, 2, 3, 4}, {2, 3, 4, 5}, {3, 4, 5, 6}}, /* f4e */
      {{0, 7, 6, 5}, {1, 0, 7, 6}, {2, 1, 0, 7}, {3, 2, 1, 0}}, /* b4e */
      {{0, 0, 0, 0}, {1, 1, 1, 1}, {2, 2, 2, 2}, {3, 3, 3, 3}}, /* rc8 */
      {{0, 1, 2, 3}, {1, 1, 2, 3}, {2, 2, 2, 3}, {3, 3, 3, 3}}, /* ecl */
      {{0, 0, 0, 0}, {0, 1, 1, 1}, {0, 1, 2, 2}, {0, 1, 2, 3}}, /* ecr */
      {{0, 1, 0, 1}, {2, 3, 2, 3}, {0, 1, 0, 1}, {2, 3, 2, 3}}, /* rc16 */
  };
  uint64_t tmp = ((uint64_t)U32V(b) << 32) | U32V(a);
  uint32_t d = 0;
  for (int k = 0; k < 4; k++) d |= (uint32_t)((tmp >> (8 * tab[mode][c & 3][k])) & 0xff) << (8 * k);
  return d;
}
#define PRMT_REF(n, i) static uint64_t r_prmt_##n(uint64_t a, uint64_t b, uint64_t c) { return r_prmt_mode(a, b, c, i); }
PRMT_REF(f4e, 0)
PRMT_REF(b4e, 1)
PRMT_REF(rc8, 2)
PRMT_REF(ecl, 3)
PRMT_REF(ecr, 4)
PRMT_REF(rc16, 5)
static uint64_t r_dp4a_su(uint64_t a, uint64_t b, uint64_t c) {
  uint32_t r = U32V(c);
  for (int k = 0; k < 4; k++) r += (uint32_t)((int32_t)(int8_t)(a >> (8 * k)) * (int32_t)(uint8_t)(b >> (8 * k)));
  return r;
}
static uint64_t r_dp4a_ss(uint64_t a, uint64_t b, uint64_t c) {
  uint32_t r = U32V(c);
  for (int k = 0; k < 4; k++) r += (uint32_t)((int32_t)(int8_t)(a >> (8 * k)) * (int32_t)(int8_t)(b >> (8 * k)));
  return r;
}
static uint64_t r_dp2a_hi_us(uint64_t a, uint64_t b, uint64_t c) {
  uint32_t r = U32V(c);
  for (int k = 0; k < 2; k++) r += (uint32_t)((int64_t)(uint16_t)(a >> (16 * k)) * (int8_t)(b >> (8 * (2 + k))));
  return r;
}
static uint64_t r_vabsdiff4_add(uint64_t a, uint64_t b, uint64_t c) {
  uint32_t r = U32V(c);
  for (int k = 0; k < 4; k++) {
    int x = (uint8_t)(a >> (8 * k)), y = (uint8_t)(b >> (8 * k));
    r += (uint32_t)(x > y ? x - y : y - x);
  }
  return r;
}
static uint64_t r_vadd4_sat_s(uint64_t a, uint64_t b, uint64_t c) {
  (void)c;
  uint32_t r = 0;
  for (int k = 0; k < 4; k++) {
    int v = (int8_t)(a >> (8 * k)) + (int8_t)(b >> (8 * k));
    v = v < -128 ? -128 : v > 127 ? 127 : v;
    r |= (uint32_t)(v & 0xff) << (8 * k);
  }
  return r;
}
static uint64_t r_vsub2_u(uint64_t a, uint64_t b, uint64_t c) {
  (void)c;
  uint32_t r = 0;
  for (int k = 0; k < 2; k++) r |= (uint32_t)(((uint16_t)(a >> (16 * k)) - (uint16_t)(b >> (16 * k))) & 0xffff) << (16 * k);
  return r;
}
static uint64_t r_vmax2_s_max(uint64_t a, uint64_t b, uint64_t c) {
  int32_t r = S32V(c);
  for (int k = 0; k < 2; k++) {
    int x = (int16_t)(a >> (16 * k)), y = (int16_t)(b >> (16 * k));
    int m = x > y ? x : y;
    if (m > r) r = m;
  }
  return U32V(r);
}
static uint64_t r_vmin4_u_sat(uint64_t a, uint64_t b, uint64_t c) {
  (void)c;
  uint32_t r = 0;
  for (int k = 0; k < 4; k++) {
    int x = (uint8_t)(a >> (8 * k)), y = (uint8_t)(b >> (8 * k));
    r |= (uint32_t)(x < y ? x : y) << (8 * k);
  }
  return r;
}
static uint64_t r_fns(uint64_t a, uint64_t b, uint64_t c) {
  uint32_t mask = U32V(a), base = U32V(b) & 63; /* the kernel masks base to 0..63 */
  int32_t offset = (int32_t)(U32V(c) % 7) - 3;      /* and maps c to -3..3 */
  uint32_t d = 0xffffffffu;
  if (offset == 0) {
    if (base < 32 && (mask >> base & 1)) d = base;
  } else {
    int pos = (int)base, count = (offset > 0 ? offset : -offset) - 1, inc = offset > 0 ? 1 : -1;
    while (pos >= 0 && pos < 32) {
      if (mask >> pos & 1) {
        if (count == 0) {
          d = (uint32_t)pos;
          break;
        }
        count--;
      }
      pos += inc;
    }
  }
  return d;
}
static uint64_t r_add_cc(uint64_t a, uint64_t b, uint64_t c) {
  /* 64-bit add from 32-bit halves: lo = a, hi = b for both operands (a+b) : (b+a). */
  (void)c;
  uint64_t x = ((uint64_t)U32V(b) << 32) | U32V(a);
  uint64_t y = ((uint64_t)U32V(a) << 32) | U32V(b);
  return U32V((x + y) >> 32);
}
static uint64_t r_sub_cc(uint64_t a, uint64_t b, uint64_t c) {
  (void)c;
  uint64_t x = ((uint64_t)U32V(b) << 32) | U32V(a);
  uint64_t y = ((uint64_t)U32V(a) << 32) | U32V(b);
  return U32V((x - y) >> 32);
}

/* Floats. */
static int fround_mode;
static float ftz32(float x) { return fpclassify(x) == FP_SUBNORMAL ? copysignf(0.0f, x) : x; }
static uint64_t canon32(float x) { return isnan(x) ? 0x7fffffffu : UF(x); }
static uint64_t canon64(double x) { return isnan(x) ? 0x7fffffffffffffffull : UD(x); }
#define WITH_ROUND(expr)                                                                  \
  do {                                                                                    \
    fesetround(fround_mode);                                                              \
    volatile __typeof__(expr) r_ = (expr);                                                \
    fesetround(FE_TONEAREST);                                                             \
    return r_;                                                                            \
  } while (0)
static float add_f(float a, float b) { WITH_ROUND(a + b); }
static float mul_f(float a, float b) { WITH_ROUND(a * b); }
static float div_f(float a, float b) { WITH_ROUND(a / b); }
static float fma_f(float a, float b, float c) { WITH_ROUND(fmaf(a, b, c)); }
static float sqrt_f(float a) { WITH_ROUND(sqrtf(a)); }
static double add_d(double a, double b) { WITH_ROUND(a + b); }
static double mul_d(double a, double b) { WITH_ROUND(a * b); }
static double div_d(double a, double b) { WITH_ROUND(a / b); }
static float d2f(double a) { WITH_ROUND((float)a); }
static float i2f(int32_t a) { WITH_ROUND((float)a); }
static float u2f(uint32_t a) { WITH_ROUND((float)a); }
static float l2f(int64_t a) { WITH_ROUND((float)a); }
static double l2d(int64_t a) { WITH_ROUND((double)a); }

static uint64_t r_add_f32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return canon32(add_f(F(a), F(b))); }
static uint64_t r_sub_f32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return canon32(add_f(F(a), -F(b))); }
static uint64_t r_mul_f32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return canon32(mul_f(F(a), F(b))); }
static uint64_t r_div_f32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return canon32(div_f(F(a), F(b))); }
static uint64_t r_fma_f32(uint64_t a, uint64_t b, uint64_t c) { return canon32(fma_f(F(a), F(b), F(c))); }
static uint64_t r_sqrt_f32(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return canon32(sqrt_f(F(a))); }
static uint64_t r_rcp_f32(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return canon32(div_f(1.0f, F(a))); }
static uint64_t r_add_f64(uint64_t a, uint64_t b, uint64_t c) { (void)c; return canon64(add_d(D(a), D(b))); }
static uint64_t r_mul_f64(uint64_t a, uint64_t b, uint64_t c) { (void)c; return canon64(mul_d(D(a), D(b))); }
static uint64_t r_div_f64(uint64_t a, uint64_t b, uint64_t c) { (void)c; return canon64(div_d(D(a), D(b))); }
static double fma_d(double a, double b, double c) { WITH_ROUND(fma(a, b, c)); }
static uint64_t r_fma_f64(uint64_t a, uint64_t b, uint64_t c) { return canon64(fma_d(D(a), D(b), D(c))); }
static uint64_t r_add_ftz_f32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return canon32(ftz32(ftz32(F(a)) + ftz32(F(b)))); }
static uint64_t r_mul_sat_f32(uint64_t a, uint64_t b, uint64_t c) {
  (void)c;
  float r = F(a) * F(b);
  r = isnan(r) || r < 0 ? 0.0f : r > 1 ? 1.0f : r;
  return UF(r);
}
static float pmin(float a, float b, bool mx) {
  if (isnan(a) && isnan(b)) return NAN;
  if (isnan(a)) return b;
  if (isnan(b)) return a;
  if (a == b) return (signbit(a) != signbit(b)) ? (mx ? 0.0f : -0.0f) : a;
  return mx ? (a > b ? a : b) : (a < b ? a : b);
}
static uint64_t r_min_f32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return canon32(pmin(F(a), F(b), false)); }
static uint64_t r_max_f32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return canon32(pmin(F(a), F(b), true)); }
static uint64_t r_abs_f32(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return U32V(a) & 0x7fffffffu; }
static uint64_t r_neg_f32(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return U32V(a) ^ 0x80000000u; }
static uint64_t r_copysign(uint64_t a, uint64_t b, uint64_t c) { (void)c; return (U32V(b) & 0x7fffffffu) | (U32V(a) & 0x80000000u); }
static uint64_t r_testp_finite(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return isfinite(F(a)); }
static uint64_t r_testp_subnormal(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return fpclassify(F(a)) == FP_SUBNORMAL; }
static uint64_t r_testp_nan(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return isnan(F(a)); }

static const struct {
  const char *op;
  int (*f)(float, float);
} fcmps[] = {{"eq", NULL}, {"ne", NULL}, {"lt", NULL}, {"le", NULL}, {"gt", NULL}, {"ge", NULL},
             {"equ", NULL}, {"neu", NULL}, {"ltu", NULL}, {"leu", NULL}, {"gtu", NULL}, {"geu", NULL},
             {"num", NULL}, {"nan", NULL}};
static int fcmp_index;
static uint64_t r_setp_f32(uint64_t ua, uint64_t ub, uint64_t c) {
  (void)c;
  float a = F(ua), b = F(ub);
  bool un = isnan(a) || isnan(b), r;
  switch (fcmp_index) {
  case 0: r = !un && a == b; break;
  case 1: r = !un && a != b; break;
  case 2: r = !un && a < b; break;
  case 3: r = !un && a <= b; break;
  case 4: r = !un && a > b; break;
  case 5: r = !un && a >= b; break;
  case 6: r = un || a == b; break;
  case 7: r = un || a != b; break;
  case 8: r = un || a < b; break;
  case 9: r = un || a <= b; break;
  case 10: r = un || a > b; break;
  case 11: r = un || a >= b; break;
  case 12: r = !un; break;
  default: r = un; break;
  }
  /* The kernel combines: p = cmp .and (a bit of b), q = !cmp .and that bit. */
  return r ? 1 : 0;
}
static uint64_t r_setp_lt_s32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return S32V(a) < S32V(b); }
static uint64_t r_setp_hi_u32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return U32V(a) > U32V(b); }
static uint64_t r_setp_pair(uint64_t a, uint64_t b, uint64_t c) {
  (void)c;
  bool p = S32V(a) < S32V(b);
  bool cc = U32V(a) & 1;
  return (uint64_t)((p ^ cc) | (((!p) ^ cc) << 1));
}
static uint64_t r_selp(uint64_t a, uint64_t b, uint64_t c) { return U32V(c) & 1 ? a : b; }
static uint64_t r_set_f32(uint64_t a, uint64_t b, uint64_t c) { (void)c; return (!isnan(F(a)) && !isnan(F(b)) && F(a) < F(b)) ? 0xffffffffu : 0; }

static int64_t sat_f2i(double x, double lo, double hi) {
  if (isnan(x)) return 0;
  if (x <= lo) return (int64_t)lo;
  if (x >= hi) return (int64_t)hi;
  return (int64_t)x;
}
static uint64_t r_cvt_rni_s32_f32(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return U32V(sat_f2i(nearbyint(F(a)), INT_MIN, INT_MAX)); }
static uint64_t r_cvt_rzi_s32_f32(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return U32V(sat_f2i(trunc(F(a)), INT_MIN, INT_MAX)); }
static uint64_t r_cvt_rmi_u32_f32(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return U32V(sat_f2i(floor(F(a)), 0, UINT_MAX)); }
static uint64_t r_cvt_rpi_s32_f64(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return U32V(sat_f2i(ceil(D(a)), INT_MIN, INT_MAX)); }
static uint64_t r_cvt_rzi_u64_f64(uint64_t a, uint64_t b, uint64_t c) {
  (void)b, (void)c;
  double x = trunc(D(a));
  if (isnan(x) || x <= 0) return 0;
  if (x >= 18446744073709551616.0) return ~0ull;
  return (uint64_t)x;
}
static uint64_t r_cvt_f32_f64(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return canon32(d2f(D(a))); }
static uint64_t r_cvt_f32_s32(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return UF(i2f(S32V(a))); }
static uint64_t r_cvt_f32_u32(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return UF(u2f(U32V(a))); }
static uint64_t r_cvt_f32_s64(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return UF(l2f((int64_t)a)); }
static uint64_t r_cvt_f64_s64(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return UD(l2d((int64_t)a)); }
static uint64_t r_cvt_f64_f32(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return canon64((double)F(a)); }
static uint64_t r_cvt_sat_s8_s32(uint64_t a, uint64_t b, uint64_t c) {
  (void)b, (void)c;
  int32_t x = S32V(a);
  return U32V(x < -128 ? -128 : x > 127 ? 127 : x);
}
static uint64_t r_cvt_u16_u32(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return U32V(a) & 0xffff; }
static uint64_t r_cvt_s64_s32(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return (uint64_t)(int64_t)S32V(a); }
static uint64_t r_cvt_sat_f32(uint64_t a, uint64_t b, uint64_t c) {
  (void)b, (void)c;
  float x = F(a);
  return UF(isnan(x) || x < 0 ? 0.0f : x > 1 ? 1.0f : x);
}
static uint64_t r_cvt_rni_f32_f32(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return canon32(nearbyintf(F(a))); }

/* Half precision through the compiler's _Float16 (IEEE binary16, round to nearest). */
static _Float16 HF(uint64_t x) { _Float16 h; uint16_t u = (uint16_t)x; memcpy(&h, &u, 2); return h; }
static uint64_t UH(_Float16 h) { uint16_t u; memcpy(&u, &h, 2); return u; }
static uint64_t r_add_f16(uint64_t a, uint64_t b, uint64_t c) { (void)c; return UH((_Float16)((float)HF(a) + (float)HF(b))); }
static uint64_t r_mul_f16(uint64_t a, uint64_t b, uint64_t c) { (void)c; return UH((_Float16)((float)HF(a) * (float)HF(b))); }
static uint64_t r_fma_f16(uint64_t a, uint64_t b, uint64_t c) { return UH((_Float16)fma((double)HF(a), (double)HF(b), (double)HF(c))); }
static uint64_t r_max_f16(uint64_t a, uint64_t b, uint64_t c) { (void)c; return UH((_Float16)pmin((float)HF(a), (float)HF(b), true)); }
static uint64_t r_cvt_f32_f16(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return UF((float)HF(a)); }
static int64_t sat_i(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }
static uint64_t r_cvt_pack_u8(uint64_t a, uint64_t b, uint64_t c) {
  return U32V((uint32_t)sat_i(S32V(a), 0, 255) << 8 | (uint32_t)sat_i(S32V(b), 0, 255) | U32V(c) << 16);
}
static uint64_t r_cvt_pack_s16(uint64_t a, uint64_t b, uint64_t c) {
  (void)c;
  return U32V(((uint32_t)sat_i(S32V(a), -32768, 32767) & 0xffff) << 16 | ((uint32_t)sat_i(S32V(b), -32768, 32767) & 0xffff));
}
static uint64_t r_setp_lt_f16x2(uint64_t a, uint64_t b, uint64_t c) {
  (void)c;
  return (uint64_t)(HF(a & 0xffff) < HF(b & 0xffff)) + 2 * (uint64_t)(HF(U32V(a) >> 16) < HF(U32V(b) >> 16));
}
static uint64_t r_tanh(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return UF(tanhf(F(a))); }
static uint64_t r_vadd_sat_s(uint64_t a, uint64_t b, uint64_t c) {
  (void)c;
  return U32V((int32_t)sat_i((int64_t)S32V(a) + S32V(b), INT32_MIN, INT32_MAX));
}
static uint64_t r_vabsdiff_sel_add(uint64_t a, uint64_t b, uint64_t c) {
  int64_t x = (uint8_t)(U32V(a) >> 8), y = (uint16_t)(U32V(b) >> 16);
  return U32V((uint32_t)(x > y ? x - y : y - x) + U32V(c));
}
static uint64_t r_vmax_merge(uint64_t a, uint64_t b, uint64_t c) {
  int64_t x = (uint8_t)U32V(a), y = S32V(b), r = x > y ? x : y;
  return U32V((U32V(c) & 0x0000ffffu) | ((uint32_t)r & 0xffff) << 16);
}
static uint64_t r_cvt_f16_f32(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return UH((_Float16)F(a)); }
static uint64_t r_cvt_f16_f64(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return UH((_Float16)D(a)); }
static uint64_t r_cvt_bf16_f32(uint64_t a, uint64_t b, uint64_t c) {
  (void)b, (void)c;
  uint32_t u = U32V(UF(F(a)));
  if (isnan(F(a))) return 0x7fff;
  return (u + 0x7fff + ((u >> 16) & 1)) >> 16;
}
static uint64_t r_set_lt_f16x2(uint64_t a, uint64_t b, uint64_t c) {
  (void)c;
  uint64_t d = 0;
  for (int k = 0; k < 2; k++)
    if (HF(a >> (16 * k)) < HF(b >> (16 * k))) d |= 0x3c00ull << (16 * k);
  return d;
}
static uint64_t r_fma_relu_f16x2(uint64_t a, uint64_t b, uint64_t c) {
  uint64_t d = 0;
  for (int k = 0; k < 2; k++) {
    _Float16 r = (_Float16)fma((double)HF(a >> (16 * k)), (double)HF(b >> (16 * k)), (double)HF(c >> (16 * k)));
    uint64_t u = r != r ? 0x7fff : r < 0 ? 0 : UH(r);
    d |= u << (16 * k);
  }
  return d;
}
static uint64_t r_setp_lt_f16(uint64_t a, uint64_t b, uint64_t c) { (void)c; return HF(a) < HF(b); }

static uint64_t r_sin(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return UF(sinf(F(a))); }
static uint64_t r_ex2(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return UF(exp2f(F(a))); }
static uint64_t r_lg2(uint64_t a, uint64_t b, uint64_t c) { (void)b, (void)c; return UF(log2f(F(a))); }

/* ---- The kernel template. ---- */
static char *make_kernel(const IsaCase *c) {
  StrBuf sb = {0};
  strbuf_printf(&sb,
                ".version 8.0\n.target sm_80\n.address_size 64\n"
                ".visible .entry k(.param .u64 pa, .param .u64 pb, .param .u64 pc, .param .u64 pd, .param .u32 n)\n{\n"
                " .reg .pred %%p<4>; .reg .pred %%pp; .reg .pred %%pq;\n .reg .b32 %%r<16>; .reg .b64 %%rd<16>;\n"
                " .reg .%s %%ia; .reg .%s %%ib; .reg .%s %%ic; .reg .%s %%od;\n"
                " mov.u32 %%r1, %%tid.x; mov.u32 %%r2, %%ctaid.x; mov.u32 %%r3, %%ntid.x;\n"
                " mad.lo.s32 %%r1, %%r2, %%r3, %%r1;\n ld.param.u32 %%r4, [n];\n"
                " setp.ge.u32 %%p1, %%r1, %%r4;\n @%%p1 bra DONE;\n",
                ty_name[c->ta], ty_name[c->tb], ty_name[c->tc], ty_name[c->td]);
  const char *pn[3] = {"pa", "pb", "pc"}, *rn[3] = {"%ia", "%ib", "%ic"};
  Ty tt[3] = {c->ta, c->tb, c->tc};
  for (int i = 0; i < c->nin; i++)
    strbuf_printf(&sb,
                  " mul.wide.u32 %%rd1, %%r1, %u;\n ld.param.u64 %%rd2, [%s];\n add.s64 %%rd3, %%rd2, %%rd1;\n"
                  " ld.global.%s %s, [%%rd3];\n",
                  ty_size[tt[i]], pn[i], ty_name[tt[i]], rn[i]);
  strbuf_printf(&sb, " %s\n", c->body);
  strbuf_printf(&sb,
                " mul.wide.u32 %%rd1, %%r1, %u;\n ld.param.u64 %%rd2, [pd];\n add.s64 %%rd3, %%rd2, %%rd1;\n"
                " st.global.%s [%%rd3], %%od;\nDONE:\n ret;\n}\n",
                ty_size[c->td], ty_name[c->td]);
  return sb.data;
}

static bool is_nan_bits(Ty t, uint64_t v) {
  if (t == H16) return (v & 0x7c00) == 0x7c00 && (v & 0x3ff);
  return t == F32 ? isnan(F(v)) : t == F64 ? isnan(D(v)) : false;
}

static int run_case(const IsaCase *c, unsigned G) {
  char *src = make_kernel(c);
  CgTestModule *m = cgt_load(src, G);
  if (!m->cg) {
    printf("FAIL %s (G=%u): does not compile\n", c->name, G);
    diag_print(&m->diags, stdout);
    printf("%s", src);
    free(src);
    cgt_free(m);
    return 1;
  }
  const uint64_t *ea = NULL, *eb = NULL, *ec = NULL;
  size_t na = 0, nb = 1, nc = 1;
  edges(c->ta, &ea, &na);
  if (c->nin > 1) edges(c->tb, &eb, &nb);
  if (c->nin > 2) edges(c->tc, &ec, &nc);
  if (c->nin > 2 && nc > 8) nc = 8; /* keep three-input cases small */
  size_t n = na * nb * nc;
  uint8_t *A = xcalloc(n, 8), *Bv = xcalloc(n, 8), *C = xcalloc(n, 8), *Dv = xcalloc(n + 1, 8);
  for (size_t i = 0; i < n; i++) {
    size_t ia = i % na, ib = (i / na) % nb, ic = i / (na * nb);
    memcpy(A + i * ty_size[c->ta], &ea[ia], ty_size[c->ta]);
    if (c->nin > 1) memcpy(Bv + i * ty_size[c->tb], &eb[ib], ty_size[c->tb]);
    if (c->nin > 2) memcpy(C + i * ty_size[c->tc], &ec[ic], ty_size[c->tc]);
  }
  struct {
    void *a, *b, *c, *d;
    uint32_t n;
  } __attribute__((packed)) p = {A, Bv, C, Dv, (uint32_t)n};
  int r = cgt_launch(m, "k", (KDim3){(uint32_t)((n + 63) / 64), 1, 1}, (KDim3){64, 1, 1}, &p, 0, NULL);
  int bad = 0;
  if (r != KGROUP_DONE) {
    printf("FAIL %s (G=%u): launch status %d\n", c->name, G, r);
    bad = 1;
  }
  for (size_t i = 0; i < n && !bad; i++) {
    uint64_t a = 0, b = 0, cc = 0, got = 0;
    memcpy(&a, A + i * ty_size[c->ta], ty_size[c->ta]);
    memcpy(&b, Bv + i * ty_size[c->tb], ty_size[c->tb]);
    memcpy(&cc, C + i * ty_size[c->tc], ty_size[c->tc]);
    memcpy(&got, Dv + i * ty_size[c->td], ty_size[c->td]);
    if (ty_size[c->ta] == 2 && (c->ta == S16)) a = (uint64_t)(int64_t)(int16_t)a;
    uint64_t want = c->ref(a, b, cc);
    if (ty_size[c->td] == 4) want &= 0xffffffffu;
    if (ty_size[c->td] == 2) want &= 0xffff;
    bool ok = got == want || (is_nan_bits(c->td, got) && is_nan_bits(c->td, want));
    if (!ok && c->tol > 0 && c->td == F32) {
      float g = F(got), w = F(want);
      ok = (isinf(g) && g == w) || fabsf(g - w) <= c->tol * fmaxf(1.0f, fabsf(w));
    }
    if (!ok && bad++ < 4)
      printf("FAIL %s (G=%u): a=%#llx b=%#llx c=%#llx: got %#llx, want %#llx\n", c->name, G,
             (unsigned long long)a, (unsigned long long)b, (unsigned long long)cc,
             (unsigned long long)got, (unsigned long long)want);
  }
  free(A), free(Bv), free(C), free(Dv), free(src);
  cgt_free(m);
  return bad ? 1 : 0;
}

static IsaCase cases[] = {
    {"add.s32", "add.s32 %od, %ia, %ib;", S32, S32, S32, S32, 2, r_add_s32, 0},
    {"sub.s32", "sub.s32 %od, %ia, %ib;", S32, S32, S32, S32, 2, r_sub_s32, 0},
    {"mul.lo.s32", "mul.lo.s32 %od, %ia, %ib;", S32, S32, S32, S32, 2, r_mul_lo_s32, 0},
    {"mul.hi.s32", "mul.hi.s32 %od, %ia, %ib;", S32, S32, S32, S32, 2, r_mul_hi_s32, 0},
    {"mul.hi.u32", "mul.hi.u32 %od, %ia, %ib;", U32, U32, U32, U32, 2, r_mul_hi_u32, 0},
    {"mul.wide.s32", "mul.wide.s32 %od, %ia, %ib;", S32, S32, S32, S64, 2, r_mul_wide_s32, 0},
    {"mul.wide.u32", "mul.wide.u32 %od, %ia, %ib;", U32, U32, U32, U64, 2, r_mul_wide_u32, 0},
    {"mul.hi.u64", "mul.hi.u64 %od, %ia, %ib;", U64, U64, U64, U64, 2, r_mul_hi_u64, 0},
    {"mul.hi.s64", "mul.hi.s64 %od, %ia, %ib;", S64, S64, S64, S64, 2, r_mul_hi_s64, 0},
    {"mad.lo.s32", "mad.lo.s32 %od, %ia, %ib, %ic;", S32, S32, S32, S32, 3, r_mad_lo_s32, 0},
    {"div.u32", "div.u32 %od, %ia, %ib;", U32, U32, U32, U32, 2, r_div_u32, 0},
    {"div.s32", "div.s32 %od, %ia, %ib;", S32, S32, S32, S32, 2, r_div_s32, 0},
    {"rem.u32", "rem.u32 %od, %ia, %ib;", U32, U32, U32, U32, 2, r_rem_u32, 0},
    {"rem.s32", "rem.s32 %od, %ia, %ib;", S32, S32, S32, S32, 2, r_rem_s32, 0},
    {"div.s64", "div.s64 %od, %ia, %ib;", S64, S64, S64, S64, 2, r_div_s64, 0},
    {"shl.b32", "shl.b32 %od, %ia, %ib;", B32, U32, U32, B32, 2, r_shl_b32, 0},
    {"shr.u32", "shr.u32 %od, %ia, %ib;", U32, U32, U32, U32, 2, r_shr_u32, 0},
    {"shr.s32", "shr.s32 %od, %ia, %ib;", S32, U32, U32, S32, 2, r_shr_s32, 0},
    {"shl.b64", "shl.b64 %od, %ia, %ib;", B64, U32, U32, B64, 2, r_shl_b64, 0},
    {"shr.s64", "shr.s64 %od, %ia, %ib;", S64, U32, U32, S64, 2, r_shr_s64, 0},
    {"min.s32", "min.s32 %od, %ia, %ib;", S32, S32, S32, S32, 2, r_min_s32, 0},
    {"max.u32", "max.u32 %od, %ia, %ib;", U32, U32, U32, U32, 2, r_max_u32, 0},
    {"abs.s32", "abs.s32 %od, %ia;", S32, S32, S32, S32, 1, r_abs_s32, 0},
    {"neg.s32", "neg.s32 %od, %ia;", S32, S32, S32, S32, 1, r_neg_s32, 0},
    {"popc.b32", "popc.b32 %od, %ia;", B32, B32, B32, U32, 1, r_popc, 0},
    {"clz.b32", "clz.b32 %od, %ia;", B32, B32, B32, U32, 1, r_clz, 0},
    {"brev.b32", "brev.b32 %od, %ia;", B32, B32, B32, B32, 1, r_brev, 0},
    {"bfind.u32", "bfind.u32 %od, %ia;", U32, U32, U32, U32, 1, r_bfind_u32, 0},
    {"bfind.s32", "bfind.s32 %od, %ia;", S32, S32, S32, U32, 1, r_bfind_s32, 0},
    {"bfind.shiftamt.u32", "bfind.shiftamt.u32 %od, %ia;", U32, U32, U32, U32, 1, r_bfind_shiftamt, 0},
    {"bfe.u32", "bfe.u32 %od, %ia, %ib, %ic;", U32, U32, U32, U32, 3, r_bfe_u32, 0},
    {"bfe.s32", "bfe.s32 %od, %ia, %ib, %ic;", S32, U32, U32, S32, 3, r_bfe_s32, 0},
    {"bfi.b32", "bfi.b32 %od, %ia, %ib, %ic, 8;", B32, B32, U32, B32, 3, r_bfi_b32, 0},
    {"prmt.b32", "prmt.b32 %od, %ia, %ib, %ic;", B32, B32, B32, B32, 3, r_prmt, 0},
    {"prmt.b32.f4e", "prmt.b32.f4e %od, %ia, %ib, %ic;", B32, B32, B32, B32, 3, r_prmt_f4e, 0},
    {"prmt.b32.b4e", "prmt.b32.b4e %od, %ia, %ib, %ic;", B32, B32, B32, B32, 3, r_prmt_b4e, 0},
    {"prmt.b32.rc8", "prmt.b32.rc8 %od, %ia, %ib, %ic;", B32, B32, B32, B32, 3, r_prmt_rc8, 0},
    {"prmt.b32.ecl", "prmt.b32.ecl %od, %ia, %ib, %ic;", B32, B32, B32, B32, 3, r_prmt_ecl, 0},
    {"prmt.b32.ecr", "prmt.b32.ecr %od, %ia, %ib, %ic;", B32, B32, B32, B32, 3, r_prmt_ecr, 0},
    {"prmt.b32.rc16", "prmt.b32.rc16 %od, %ia, %ib, %ic;", B32, B32, B32, B32, 3, r_prmt_rc16, 0},
    {"bmsk.clamp.b32", "bmsk.clamp.b32 %od, %ia, %ib;", U32, U32, U32, B32, 2, r_bmsk_clamp, 0},
    {"bmsk.wrap.b32", "bmsk.wrap.b32 %od, %ia, %ib;", U32, U32, U32, B32, 2, r_bmsk_wrap, 0},
    {"szext.clamp.s32", "szext.clamp.s32 %od, %ia, %ib;", S32, U32, U32, S32, 2, r_szext_clamp_s, 0},
    {"szext.wrap.u32", "szext.wrap.u32 %od, %ia, %ib;", U32, U32, U32, U32, 2, r_szext_wrap_u, 0},
    {"dp4a.s32.u32", "dp4a.s32.u32 %od, %ia, %ib, %ic;", S32, U32, S32, S32, 3, r_dp4a_su, 0},
    {"dp4a.s32.s32", "dp4a.s32.s32 %od, %ia, %ib, %ic;", S32, S32, S32, S32, 3, r_dp4a_ss, 0},
    {"dp2a.hi.u32.s32", "dp2a.hi.u32.s32 %od, %ia, %ib, %ic;", U32, S32, S32, S32, 3, r_dp2a_hi_us, 0},
    {"vabsdiff4.u32.u32.u32.add", "vabsdiff4.u32.u32.u32.add %od, %ia, %ib, %ic;", U32, U32, U32, U32, 3, r_vabsdiff4_add, 0},
    {"vadd4.s32.s32.s32.sat", "vadd4.s32.s32.s32.sat %od, %ia, %ib, %ic;", S32, S32, S32, S32, 3, r_vadd4_sat_s, 0},
    {"vsub2.u32.u32.u32", "vsub2.u32.u32.u32 %od, %ia, %ib, %ic;", U32, U32, U32, U32, 3, r_vsub2_u, 0},
    {"vmax2.s32.s32.s32.max", "vmax2.s32.s32.s32.max %od, %ia, %ib, %ic;", S32, S32, S32, S32, 3, r_vmax2_s_max, 0},
    {"vmin4.u32.u32.u32.sat", "vmin4.u32.u32.u32.sat %od, %ia, %ib, %ic;", U32, U32, U32, U32, 3, r_vmin4_u_sat, 0},
    {"fns.b32", "and.b32 %r6, %ib, 63; rem.u32 %r7, %ic, 7; sub.s32 %r7, %r7, 3; fns.b32 %od, %ia, %r6, %r7;",
     B32, U32, U32, B32, 3, r_fns, 0},
    {"add.cc/addc", "add.cc.u32 %r5, %ia, %ib; addc.u32 %od, %ib, %ia;", U32, U32, U32, U32, 2, r_add_cc, 0},
    {"sub.cc/subc", "sub.cc.u32 %r5, %ia, %ib; subc.u32 %od, %ib, %ia;", U32, U32, U32, U32, 2, r_sub_cc, 0},
    {"setp.lt.s32", "setp.lt.s32 %pp, %ia, %ib; selp.u32 %od, 1, 0, %pp;", S32, S32, S32, U32, 2, r_setp_lt_s32, 0},
    {"setp.hi.u32", "setp.hi.u32 %pp, %ia, %ib; selp.u32 %od, 1, 0, %pp;", U32, U32, U32, U32, 2, r_setp_hi_u32, 0},
    {"setp.lt.xor.s32 p|q",
     "and.b32 %r6, %ia, 1; setp.ne.u32 %p2, %r6, 0; setp.lt.xor.s32 %pp|%pq, %ia, %ib, %p2;"
     " selp.u32 %r7, 1, 0, %pp; selp.u32 %r8, 2, 0, %pq; or.b32 %od, %r7, %r8;",
     S32, S32, S32, U32, 2, r_setp_pair, 0},
    {"selp.b32", "and.b32 %r6, %ic, 1; setp.ne.u32 %p2, %r6, 0; selp.b32 %od, %ia, %ib, %p2;", B32, B32, B32, B32, 3, r_selp, 0},
    {"set.lt.u32.f32", "set.lt.u32.f32 %od, %ia, %ib;", F32, F32, F32, U32, 2, r_set_f32, 0},
    {"min.f32", "min.f32 %od, %ia, %ib;", F32, F32, F32, F32, 2, r_min_f32, 0},
    {"max.f32", "max.f32 %od, %ia, %ib;", F32, F32, F32, F32, 2, r_max_f32, 0},
    {"abs.f32", "abs.f32 %od, %ia;", F32, F32, F32, F32, 1, r_abs_f32, 0},
    {"neg.f32", "neg.f32 %od, %ia;", F32, F32, F32, F32, 1, r_neg_f32, 0},
    {"copysign.f32", "copysign.f32 %od, %ia, %ib;", F32, F32, F32, F32, 2, r_copysign, 0},
    {"testp.finite.f32", "testp.finite.f32 %pp, %ia; selp.u32 %od, 1, 0, %pp;", F32, F32, F32, U32, 1, r_testp_finite, 0},
    {"testp.subnormal.f32", "testp.subnormal.f32 %pp, %ia; selp.u32 %od, 1, 0, %pp;", F32, F32, F32, U32, 1, r_testp_subnormal, 0},
    {"testp.notanumber.f32", "testp.notanumber.f32 %pp, %ia; selp.u32 %od, 1, 0, %pp;", F32, F32, F32, U32, 1, r_testp_nan, 0},
    {"add.ftz.f32", "add.ftz.f32 %od, %ia, %ib;", F32, F32, F32, F32, 2, r_add_ftz_f32, 0},
    {"mul.sat.f32", "mul.sat.f32 %od, %ia, %ib;", F32, F32, F32, F32, 2, r_mul_sat_f32, 0},
    {"cvt.rni.s32.f32", "cvt.rni.s32.f32 %od, %ia;", F32, F32, F32, S32, 1, r_cvt_rni_s32_f32, 0},
    {"cvt.rzi.s32.f32", "cvt.rzi.s32.f32 %od, %ia;", F32, F32, F32, S32, 1, r_cvt_rzi_s32_f32, 0},
    {"cvt.rmi.u32.f32", "cvt.rmi.u32.f32 %od, %ia;", F32, F32, F32, U32, 1, r_cvt_rmi_u32_f32, 0},
    {"cvt.rpi.s32.f64", "cvt.rpi.s32.f64 %od, %ia;", F64, F64, F64, S32, 1, r_cvt_rpi_s32_f64, 0},
    {"cvt.rzi.u64.f64", "cvt.rzi.u64.f64 %od, %ia;", F64, F64, F64, U64, 1, r_cvt_rzi_u64_f64, 0},
    {"cvt.f64.f32", "cvt.f64.f32 %od, %ia;", F32, F32, F32, F64, 1, r_cvt_f64_f32, 0},
    {"cvt.sat.s8.s32", "cvt.sat.s8.s32 %od, %ia;", S32, S32, S32, S32, 1, r_cvt_sat_s8_s32, 0},
    {"cvt.u16.u32", "cvt.u16.u32 %od, %ia;", U32, U32, U32, U16, 1, r_cvt_u16_u32, 0},
    {"cvt.s64.s32", "cvt.s64.s32 %od, %ia;", S32, S32, S32, S64, 1, r_cvt_s64_s32, 0},
    {"cvt.sat.f32.f32", "cvt.sat.f32.f32 %od, %ia;", F32, F32, F32, F32, 1, r_cvt_sat_f32, 0},
    {"cvt.rni.f32.f32", "cvt.rni.f32.f32 %od, %ia;", F32, F32, F32, F32, 1, r_cvt_rni_f32_f32, 0},
    {"add.f16", "add.f16 %od, %ia, %ib;", H16, H16, H16, H16, 2, r_add_f16, 0},
    {"mul.f16", "mul.f16 %od, %ia, %ib;", H16, H16, H16, H16, 2, r_mul_f16, 0},
    {"fma.rn.f16", "fma.rn.f16 %od, %ia, %ib, %ic;", H16, H16, H16, H16, 3, r_fma_f16, 0},
    {"max.f16", "max.f16 %od, %ia, %ib;", H16, H16, H16, H16, 2, r_max_f16, 0},
    {"setp.lt.f16", "setp.lt.f16 %pp, %ia, %ib; selp.u32 %od, 1, 0, %pp;", H16, H16, H16, U32, 2, r_setp_lt_f16, 0},
    {"set.lt.f16x2.f16x2", "set.lt.f16x2.f16x2 %od, %ia, %ib;", B32, B32, B32, B32, 2, r_set_lt_f16x2, 0},
    {"fma.rn.relu.f16x2", "fma.rn.relu.f16x2 %od, %ia, %ib, %ic;", B32, B32, B32, B32, 3, r_fma_relu_f16x2, 0},
    {"cvt.f32.f16", "cvt.f32.f16 %od, %ia;", H16, H16, H16, F32, 1, r_cvt_f32_f16, 0},
    {"cvt.rn.f16.f32", "cvt.rn.f16.f32 %od, %ia;", F32, F32, F32, H16, 1, r_cvt_f16_f32, 0},
    {"cvt.rn.f16.f64", "cvt.rn.f16.f64 %od, %ia;", F64, F64, F64, H16, 1, r_cvt_f16_f64, 0},
    {"cvt.rn.bf16.f32", "cvt.rn.bf16.f32 %od, %ia;", F32, F32, F32, H16, 1, r_cvt_bf16_f32, 0},
    /* PTX ISA 9.7.3.18/.19/.21: sin/cos max abs error 2^-20.5 in [-pi, pi]; ex2, lg2: 2 ulp
     * (relative 2^-22) over the full range; we test with a looser bound on edge values. */
    {"sin.approx.f32", "sin.approx.f32 %od, %ia;", F32, F32, F32, F32, 1, r_sin, 1e-6},
    {"ex2.approx.f32", "ex2.approx.f32 %od, %ia;", F32, F32, F32, F32, 1, r_ex2, 1e-6},
    {"tanh.approx.f32", "tanh.approx.f32 %od, %ia;", F32, F32, F32, F32, 1, r_tanh, 5e-4},
    {"vadd.s32.s32.s32.sat", "vadd.s32.s32.s32.sat %od, %ia, %ib;", S32, S32, S32, S32, 2, r_vadd_sat_s, 0},
    {"vabsdiff.u32.u32.u32.add sel", "vabsdiff.u32.u32.u32.add %od, %ia.b1, %ib.h1, %ic;", U32, U32, U32, U32, 3, r_vabsdiff_sel_add, 0},
    {"vmax.s32.u32.s32 merge", "vmax.s32.u32.s32 %od.h1, %ia.b0, %ib, %ic;", U32, S32, U32, U32, 3, r_vmax_merge, 0},
    {"cvt.pack.sat.u8.s32.b32", "cvt.pack.sat.u8.s32.b32 %od, %ia, %ib, %ic;", S32, S32, B32, B32, 3, r_cvt_pack_u8, 0},
    {"cvt.pack.sat.s16.s32", "cvt.pack.sat.s16.s32 %od, %ia, %ib;", S32, S32, S32, B32, 2, r_cvt_pack_s16, 0},
    {"setp.lt.f16x2 p|q", "setp.lt.f16x2 %pp|%pq, %ia, %ib; selp.u32 %r5, 1, 0, %pp; selp.u32 %r6, 2, 0, %pq; add.u32 %od, %r5, %r6;",
     B32, B32, B32, U32, 2, r_setp_lt_f16x2, 0},
    {"lg2.approx.f32", "lg2.approx.f32 %od, %ia;", F32, F32, F32, F32, 1, r_lg2, 1e-6},
};

/* Float cases per rounding mode. */
typedef struct RoundCase {
  const char *fmt; /* with %s for the mode */
  Ty ta, td;
  int nin;
  RefFn ref;
} RoundCase;
static const RoundCase rcases[] = {
    {"add%s.f32 %%od, %%ia, %%ib;", F32, F32, 2, r_add_f32},
    {"sub%s.f32 %%od, %%ia, %%ib;", F32, F32, 2, r_sub_f32},
    {"mul%s.f32 %%od, %%ia, %%ib;", F32, F32, 2, r_mul_f32},
    {"div%s.f32 %%od, %%ia, %%ib;", F32, F32, 2, r_div_f32},
    {"fma%s.f32 %%od, %%ia, %%ib, %%ic;", F32, F32, 3, r_fma_f32},
    {"sqrt%s.f32 %%od, %%ia;", F32, F32, 1, r_sqrt_f32},
    {"rcp%s.f32 %%od, %%ia;", F32, F32, 1, r_rcp_f32},
    {"add%s.f64 %%od, %%ia, %%ib;", F64, F64, 2, r_add_f64},
    {"mul%s.f64 %%od, %%ia, %%ib;", F64, F64, 2, r_mul_f64},
    {"div%s.f64 %%od, %%ia, %%ib;", F64, F64, 2, r_div_f64},
    {"fma%s.f64 %%od, %%ia, %%ib, %%ic;", F64, F64, 3, r_fma_f64},
    {"cvt%s.f32.f64 %%od, %%ia;", F64, F32, 1, r_cvt_f32_f64},
    {"cvt%s.f32.s32 %%od, %%ia;", S32, F32, 1, r_cvt_f32_s32},
    {"cvt%s.f32.u32 %%od, %%ia;", U32, F32, 1, r_cvt_f32_u32},
    {"cvt%s.f32.s64 %%od, %%ia;", S64, F32, 1, r_cvt_f32_s64},
    {"cvt%s.f64.s64 %%od, %%ia;", S64, F64, 1, r_cvt_f64_s64},
};

int main(int argc, char **argv) {
  init_edges();
  const char *only = argc > 1 ? argv[1] : NULL;
  int failed = 0, total = 0;
  unsigned Gs[2] = {32, 1};
  for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
    if (only && !strstr(cases[i].name, only)) continue;
    for (int g = 0; g < 2; g++) {
      total++;
      failed += run_case(&cases[i], Gs[g]);
    }
  }
  for (size_t k = 0; k < ARRAY_LEN(fcmps); k++) {
    char body[160], name[64];
    snprintf(body, sizeof body, "setp.%s.f32 %%pp, %%ia, %%ib; selp.u32 %%od, 1, 0, %%pp;", fcmps[k].op);
    snprintf(name, sizeof name, "setp.%s.f32", fcmps[k].op);
    if (only && !strstr(name, only)) continue;
    IsaCase c = {name, body, F32, F32, F32, U32, 2, r_setp_f32, 0};
    fcmp_index = (int)k;
    for (int g = 0; g < 2; g++) {
      total++;
      failed += run_case(&c, Gs[g]);
    }
  }
  const char *modes[] = {".rn", ".rz", ".rm", ".rp"};
  int fe[] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};
  for (size_t k = 0; k < ARRAY_LEN(rcases); k++)
    for (int md = 0; md < 4; md++) {
      char body[160], name[160];
      snprintf(body, sizeof body, rcases[k].fmt, modes[md]);
      snprintf(name, sizeof name, "%s", body);
      char *sp = strchr(name, ' ');
      if (sp) *sp = 0;
      if (only && !strstr(name, only)) continue;
      IsaCase c = {name, body, rcases[k].ta, rcases[k].ta, rcases[k].ta, rcases[k].td, rcases[k].nin, rcases[k].ref, 0};
      fround_mode = fe[md];
      for (int g = 0; g < 2; g++) {
        total++;
        failed += run_case(&c, Gs[g]);
      }
    }
  printf("%d of %d ISA cases passed\n", total - failed, total);
  return failed ? 1 : 0;
}
