/* exec: the texture sampler and surface accesses behind PTX tex/tld4/txq/suld/sust. One
 * call per instruction for the whole group (k_rt_tex); filtering follows the CUDA
 * Programming Guide's appendix "Texture Fetching" exactly, 8-bit-fraction weights
 * included, so a host reference with the same formulas matches bit for bit. */
#include <math.h>
#include <string.h>

#include "base.h"
#include "kernel_abi.h"

/* IEEE half to float, for cudaChannelFormatKindFloat with 16-bit channels. */
static float half_to_float(uint16_t h) {
  uint32_t sign = (uint32_t)(h >> 15) << 31, exp = (h >> 10) & 0x1f, man = h & 0x3ff, bits;
  if (exp == 0x1f) {
    bits = sign | 0x7f800000u | (man << 13);
  } else if (exp == 0) {
    if (man == 0) {
      bits = sign;
    } else { /* subnormal: value = man * 2^-24 */
      float f = (float)man * 0x1p-24f;
      return sign ? -f : f;
    }
  } else {
    bits = sign | ((exp + 112) << 23) | (man << 13);
  }
  float f;
  memcpy(&f, &bits, 4);
  return f;
}

/* One texel's channels: as floats (what a float read returns) and as raw integers. */
typedef struct Texel {
  float f[4];
  uint32_t u[4];
} Texel;

static void texel_decode(const KTexture *t, const uint8_t *p, Texel *out) {
  for (unsigned c = 0; c < 4; c++) {
    if (c >= t->channels) { /* absent channels: 0, alpha 1 */
      out->f[c] = c == 3 ? 1.0f : 0.0f;
      out->u[c] = c == 3 ? 1u : 0u;
      continue;
    }
    const uint8_t *q = p + c * (t->channel_bits / 8);
    float f = 0;
    uint32_t u = 0;
    if (t->format == KTEX_FMT_FLOAT) {
      if (t->channel_bits == 16) {
        uint16_t h;
        memcpy(&h, q, 2);
        f = half_to_float(h);
      } else {
        memcpy(&f, q, 4);
      }
      memcpy(&u, &f, 4);
    } else if (t->format == KTEX_FMT_SIGNED) {
      int32_t v = t->channel_bits == 8 ? (int8_t)q[0] : 0;
      if (t->channel_bits == 16) {
        int16_t s;
        memcpy(&s, q, 2);
        v = s;
      } else if (t->channel_bits == 32) {
        memcpy(&v, q, 4);
      }
      u = (uint32_t)v;
      if (t->read_normalized && t->channel_bits < 32) {
        float max = t->channel_bits == 8 ? 127.0f : 32767.0f;
        f = fmaxf((float)v / max, -1.0f);
      } else {
        f = (float)v;
      }
    } else {
      if (t->channel_bits == 8) {
        u = q[0];
      } else if (t->channel_bits == 16) {
        uint16_t s;
        memcpy(&s, q, 2);
        u = s;
      } else {
        memcpy(&u, q, 4);
      }
      if (t->read_normalized && t->channel_bits < 32)
        f = (float)u / (t->channel_bits == 8 ? 255.0f : 65535.0f);
      else
        f = (float)u;
    }
    out->f[c] = f;
    out->u[c] = u;
  }
}

static void texel_border(const KTexture *t, Texel *out) {
  for (unsigned c = 0; c < 4; c++) {
    out->f[c] = t->border[c];
    out->u[c] = (uint32_t)(int32_t)t->border[c];
  }
}

/* Applies the address mode to texel index i of a dimension of n texels: the index to
 * read, or -1 for the border colour. Wrap and mirror exist only for normalized
 * coordinates (CUDA: "only supported for normalized texture coordinates"); with
 * unnormalized ones they act as clamp. */
static int64_t texel_index(int64_t i, uint32_t n, uint32_t mode, bool normalized) {
  if (n == 0) return -1;
  if (!normalized && (mode == KTEX_ADDR_WRAP || mode == KTEX_ADDR_MIRROR)) mode = KTEX_ADDR_CLAMP;
  switch (mode) {
  case KTEX_ADDR_WRAP: {
    int64_t m = i % (int64_t)n;
    return m < 0 ? m + n : m;
  }
  case KTEX_ADDR_MIRROR: {
    int64_t p = 2 * (int64_t)n, m = i % p;
    if (m < 0) m += p;
    return m >= n ? p - 1 - m : m;
  }
  case KTEX_ADDR_BORDER:
    return i < 0 || i >= (int64_t)n ? -1 : i;
  default:
    return i < 0 ? 0 : i >= (int64_t)n ? (int64_t)n - 1 : i;
  }
}

/* The texel at resolved indices (any -1: border). `slice` picks the depth slice, layer or
 * cube face. */
static void texel_at(const KTexture *t, int64_t x, int64_t y, int64_t slice, Texel *out) {
  if (x < 0 || y < 0 || slice < 0) {
    texel_border(t, out);
    return;
  }
  texel_decode(t, t->data + (uint64_t)slice * t->slice + (uint64_t)y * t->pitch + (uint64_t)x * t->texel_size, out);
}

/* Clamps to the representable range, then to a valid index: coordinates may be NaN or
 * huge, and floor of those must not overflow int64. */
static int64_t floor_index(float x) {
  if (!(x == x)) return 0;
  if (x < -1e9f) return -1000000000;
  if (x > 1e9f) return 1000000000;
  return (int64_t)floorf(x);
}

/* The linear filter's weight: frac(xB) in 9-bit fixed point with 8 fractional bits. */
static float filter_weight(float xb) {
  float frac = xb - floorf(xb);
  if (!(frac == frac)) return 0;
  return rintf(frac * 256.0f) / 256.0f;
}

/* Samples dimensions 0..dims-1 (1 to 3) at unnormalized float coordinates u[], in slice
 * `slice` (layer or face; -1 = none). */
static void sample_float(const KTexture *t, unsigned dims, const float *u, int64_t slice, Texel *out) {
  uint32_t n[3] = {t->width, dims > 1 ? t->height : 1, dims > 2 ? t->depth : 1};
  bool norm = t->normalized_coords;
  float x[3] = {0, 0, 0};
  for (unsigned d = 0; d < dims; d++) x[d] = norm ? u[d] * (float)n[d] : u[d];
  if (!t->linear_filter) {
    int64_t i[3] = {0, 0, 0};
    for (unsigned d = 0; d < dims; d++) i[d] = texel_index(floor_index(x[d]), n[d], t->address[d], norm);
    texel_at(t, i[0], i[1], dims == 3 ? i[2] : (slice < 0 ? 0 : slice), out);
    return;
  }
  /* Linear: xB = x - 0.5, i = floor(xB), alpha = frac(xB); (1-a)T[i] + aT[i+1] per
   * dimension. */
  int64_t i0[3] = {0, 0, 0}, i1[3] = {0, 0, 0};
  float a[3] = {0, 0, 0};
  for (unsigned d = 0; d < dims; d++) {
    float xb = x[d] - 0.5f;
    int64_t i = floor_index(xb);
    a[d] = filter_weight(xb);
    i0[d] = texel_index(i, n[d], t->address[d], norm);
    i1[d] = texel_index(i + 1, n[d], t->address[d], norm);
  }
  float acc[4] = {0, 0, 0, 0};
  unsigned corners = 1u << dims;
  for (unsigned k = 0; k < corners; k++) {
    float w = 1;
    int64_t idx[3] = {0, 0, 0};
    for (unsigned d = 0; d < dims; d++) {
      bool hi = (k >> d) & 1;
      w *= hi ? a[d] : 1 - a[d];
      idx[d] = hi ? i1[d] : i0[d];
    }
    Texel tx;
    int64_t s = dims == 3 ? idx[2] : (slice < 0 ? 0 : slice);
    texel_at(t, idx[0], idx[1], s, &tx);
    for (unsigned c = 0; c < 4; c++) acc[c] += w * tx.f[c];
  }
  for (unsigned c = 0; c < 4; c++) out->f[c] = acc[c];
}

/* Cubemap: the face and its [0,1] coordinates from a direction (CUDA Programming Guide,
 * "Cubemap Textures", table of faces). */
static int cube_face(float x, float y, float z, float *s_out, float *t_out) {
  float ax = fabsf(x), ay = fabsf(y), az = fabsf(z), m, s, t;
  int face;
  if (ax >= ay && ax >= az) {
    m = ax;
    face = x >= 0 ? 0 : 1;
    s = x >= 0 ? -z : z;
    t = -y;
  } else if (ay >= az) {
    m = ay;
    face = y >= 0 ? 2 : 3;
    s = x;
    t = y >= 0 ? z : -z;
  } else {
    m = az;
    face = z >= 0 ? 4 : 5;
    s = z >= 0 ? x : -x;
    t = -y;
  }
  if (m == 0) m = 1;
  *s_out = (s / m + 1) * 0.5f;
  *t_out = (t / m + 1) * 0.5f;
  return face;
}

static float as_float(uint32_t bits) {
  float f;
  memcpy(&f, &bits, 4);
  return f;
}

static uint32_t float_bits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

static uint32_t layer_index(const KTexture *t, uint32_t layer) {
  uint32_t n = t->layers ? t->layers : 1;
  return layer >= n ? n - 1 : layer;
}

/* One lane of tex/tld4: fills res (4 x 32-bit in the destination's type). */
static void tex_lane(const KTexture *t, uint32_t op, const uint32_t *c, uint32_t *res) {
  unsigned geom = KTEX_OP_GEOM(op), dst = (op >> KTEX_OP_DST_SHIFT) & 3;
  bool int_coords = op & KTEX_OP_INT_COORDS;
  Texel tx;
  memset(&tx, 0, sizeof(tx));
  bool filtered = false; /* tx.f holds a filtered float result; integers undefined */
  unsigned dims = geom == KTEX_GEOM_1D || geom == KTEX_GEOM_A1D ? 1 : geom == KTEX_GEOM_3D ? 3 : 2;
  const uint32_t *xc = c;
  int64_t slice = -1;
  if (geom == KTEX_GEOM_A1D || geom == KTEX_GEOM_A2D || geom == KTEX_GEOM_ACUBE) {
    slice = layer_index(t, c[0]);
    xc = c + 1;
  }
  if (geom == KTEX_GEOM_CUBE || geom == KTEX_GEOM_ACUBE) {
    float s, tt;
    int face = cube_face(as_float(xc[0]), as_float(xc[1]), as_float(xc[2]), &s, &tt);
    KTexture face_tex = *t;
    face_tex.normalized_coords = 1;
    face_tex.address[0] = face_tex.address[1] = KTEX_ADDR_CLAMP;
    float u[2] = {s, tt};
    sample_float(&face_tex, 2, u, (slice < 0 ? 0 : slice * 6) + face, &tx);
    filtered = face_tex.linear_filter;
  } else if (int_coords) {
    /* Integer coordinates address texels directly: no filtering, no normalization. */
    int64_t i[3] = {0, 0, 0};
    uint32_t n[3] = {t->width, t->height, t->depth};
    bool out_of_range = false;
    for (unsigned d = 0; d < dims; d++) {
      int64_t v = (int32_t)xc[d];
      if (t->is_linear) {
        if (v < 0 || v >= n[d]) out_of_range = true; /* tex1Dfetch: zero outside */
        i[d] = v;
      } else {
        i[d] = texel_index(v, n[d], t->address[d], false);
      }
    }
    if (out_of_range) {
      memset(res, 0, 16);
      return;
    }
    texel_at(t, i[0], dims > 1 ? i[1] : 0, dims == 3 ? i[2] : (slice < 0 ? 0 : slice), &tx);
  } else {
    float u[3] = {as_float(xc[0]), dims > 1 ? as_float(xc[1]) : 0, dims > 2 ? as_float(xc[2]) : 0};
    if (t->is_linear) { /* tex1D on linear memory: clamp, point */
      KTexture lin = *t;
      lin.linear_filter = t->linear_filter && t->format == KTEX_FMT_FLOAT;
      sample_float(&lin, dims, u, slice, &tx);
    } else {
      sample_float(t, dims, u, slice, &tx);
    }
    filtered = t->linear_filter;
  }
  for (unsigned k = 0; k < 4; k++) {
    if (dst == 0)
      res[k] = float_bits(tx.f[k]);
    else
      res[k] = filtered ? (uint32_t)(int32_t)tx.f[k] : tx.u[k];
  }
}

/* tld4: the four texels of the bilinear footprint, one component, counter-clockwise from
 * the lower left (PTX ISA, tld4): (i0,j1), (i1,j1), (i1,j0), (i0,j0). */
static void tld4_lane(const KTexture *t, uint32_t op, const uint32_t *c, uint32_t *res) {
  unsigned comp = (op >> KTEX_OP_ARG_SHIFT) & 3, dst = (op >> KTEX_OP_DST_SHIFT) & 3;
  bool norm = t->normalized_coords;
  float x = as_float(c[0]), y = as_float(c[1]);
  if (norm) {
    x *= (float)t->width;
    y *= (float)t->height;
  }
  int64_t i = floor_index(x - 0.5f), j = floor_index(y - 0.5f);
  int64_t xi[2] = {texel_index(i, t->width, t->address[0], norm), texel_index(i + 1, t->width, t->address[0], norm)};
  int64_t yj[2] = {texel_index(j, t->height, t->address[1], norm), texel_index(j + 1, t->height, t->address[1], norm)};
  static const unsigned order[4][2] = {{0, 1}, {1, 1}, {1, 0}, {0, 0}};
  for (unsigned k = 0; k < 4; k++) {
    Texel tx;
    texel_at(t, xi[order[k][0]], yj[order[k][1]], 0, &tx);
    res[k] = dst == 0 ? float_bits(tx.f[comp]) : tx.u[comp];
  }
}

static uint32_t txq_lane(const KTexture *t, unsigned query) {
  switch (query) {
  case KTEX_TXQ_WIDTH: return t->width;
  case KTEX_TXQ_HEIGHT: return t->height;
  case KTEX_TXQ_DEPTH: return t->depth;
  case KTEX_TXQ_NORMALIZED_COORDS: return t->normalized_coords;
  case KTEX_TXQ_ARRAY_SIZE: return t->layers;
  case KTEX_TXQ_NUM_MIPMAP_LEVELS: return 1;
  case KTEX_TXQ_NUM_SAMPLES: return 0;
  case KTEX_TXQ_FILTER_MODE: return t->linear_filter;
  case KTEX_TXQ_ADDR_MODE_0: case KTEX_TXQ_ADDR_MODE_1: case KTEX_TXQ_ADDR_MODE_2:
    return t->address[query - KTEX_TXQ_ADDR_MODE_0];
  case KTEX_TXQ_CHANNEL_DATA_TYPE: return t->format;
  default: return t->channels;
  }
}

/* suld.b / sust.b: x is a byte offset into the row. Returns false when the access is out
 * of range under .trap. */
static bool surf_lane(const KTexture *t, uint32_t op, bool store, const uint32_t *c, uint32_t *val) {
  unsigned geom = KTEX_OP_GEOM(op), mode = (op >> KTEX_OP_ARG_SHIFT) & 3;
  unsigned esize = 1u << ((op >> KTEX_OP_SURF_ELEM_SHIFT) & 3), vec = 1u << ((op >> KTEX_OP_SURF_VEC_SHIFT) & 3);
  unsigned dims = geom == KTEX_GEOM_1D || geom == KTEX_GEOM_A1D ? 1 : geom == KTEX_GEOM_3D ? 3 : 2;
  const uint32_t *xc = c;
  int64_t slice = 0;
  if (geom == KTEX_GEOM_A1D || geom == KTEX_GEOM_A2D) {
    slice = c[0];
    xc = c + 1;
    if (slice >= (t->layers ? t->layers : 1)) slice = -1;
  }
  int64_t row_bytes = (int64_t)t->width * t->texel_size, bytes = (int64_t)esize * vec;
  int64_t x = (int32_t)xc[0], y = dims > 1 ? (int32_t)xc[1] : 0, z = dims > 2 ? (int32_t)xc[2] : 0;
  bool bad = slice < 0 || x < 0 || x + bytes > row_bytes || y < 0 || y >= t->height || z < 0 || z >= t->depth;
  if (bad) {
    if (mode == KTEX_SURF_TRAP) return false;
    if (mode == KTEX_SURF_ZERO || slice < 0) {
      if (!store) memset(val, 0, 16);
      return true;
    }
    x = x < 0 ? 0 : x + bytes > row_bytes ? row_bytes - bytes : x;
    y = y < 0 ? 0 : y >= t->height ? t->height - 1 : y;
    z = z < 0 ? 0 : z >= t->depth ? t->depth - 1 : z;
    if (x < 0) {
      if (!store) memset(val, 0, 16);
      return true;
    }
  }
  uint8_t *p = t->data + (uint64_t)(dims > 2 ? z : slice) * t->slice + (uint64_t)y * t->pitch + (uint64_t)x;
  /* Element k occupies 32-bit word k, or words 2k and 2k+1 (low first) for .b64. */
  unsigned words = esize == 8 ? 2 : 1;
  for (unsigned k = 0; k < vec && (k + 1) * words <= 4; k++) {
    uint8_t *q = p + k * esize;
    if (store) {
      uint32_t v[2] = {val[k * words], words == 2 ? val[k * words + 1] : 0};
      memcpy(q, v, esize);
    } else {
      uint32_t v[2] = {0, 0};
      memcpy(v, q, esize);
      for (unsigned w = 0; w < words; w++) val[k * words + w] = v[w];
    }
  }
  return true;
}

uint32_t k_rt_tex(uint32_t op, uint32_t lanes, uint32_t mask, const uint64_t *handles,
                  const uint32_t *coords, uint32_t *out) {
  static int warned;
  unsigned kind = (op >> KTEX_OP_KIND_SHIFT) & 0xf;
  uint32_t trap = 0;
  for (uint32_t l = 0; l < lanes && l < 32; l++) {
    if (!(mask >> l & 1)) continue;
    const KTexture *t = (const KTexture *)(uintptr_t)handles[l];
    uint32_t c[4], res[4] = {0, 0, 0, 0};
    for (unsigned k = 0; k < 4; k++) c[k] = coords[k * lanes + l];
    if (kind == KTEX_KIND_SUST)
      for (unsigned k = 0; k < 4; k++) res[k] = out[k * lanes + l];
    if (!t || t->magic != KTEX_MAGIC) {
      if (!__atomic_exchange_n(&warned, 1, __ATOMIC_RELAXED))
        log_warn("texture instruction with handle 0x%llx, which is not a texture or surface object: "
                 "reads give zeros, writes are dropped", (unsigned long long)handles[l]);
      if (kind == KTEX_KIND_SUST) continue;
    } else {
      switch (kind) {
      case KTEX_KIND_TEX: tex_lane(t, op, c, res); break;
      case KTEX_KIND_TLD4: tld4_lane(t, op, c, res); break;
      case KTEX_KIND_TXQ: res[0] = txq_lane(t, (op >> KTEX_OP_ARG_SHIFT) & 0xf); break;
      case KTEX_KIND_SULD:
      case KTEX_KIND_SUST:
        if (!surf_lane(t, op, kind == KTEX_KIND_SUST, c, res) && !trap) trap = l + 1;
        if (kind == KTEX_KIND_SUST) continue;
        break;
      default: break;
      }
    }
    for (unsigned k = 0; k < 4; k++) out[k * lanes + l] = res[k];
  }
  return trap;
}
