// Host reference for the tex_*.cu tests: texture fetching as the CUDA C Programming
// Guide's appendix "Texture Fetching" states it (nearest-point and linear filtering with
// 9-bit fixed-point weights holding 8 fractional bits; wrap, mirror, clamp and border
// addressing; normalized coordinates), written independently of ptxvm's sampler.
#ifndef PTXVM_TEST_TEX_REFERENCE_H
#define PTXVM_TEST_TEX_REFERENCE_H

#include <cmath>

struct RefTex {
  const float *texels; // channels floats per texel, rows of w texels, slices of h rows
  int w, h, d, channels;
  cudaTextureAddressMode mode[3];
  bool linear, normalized;
  float border[4];
};

// The texel index for integer position i along a dimension of n texels, or -1 for the
// border colour. Wrap and mirror apply to normalized coordinates only (else clamp).
static inline int ref_index(int i, int n, cudaTextureAddressMode m, bool normalized) {
  if (!normalized && (m == cudaAddressModeWrap || m == cudaAddressModeMirror)) m = cudaAddressModeClamp;
  switch (m) {
  case cudaAddressModeWrap: return ((i % n) + n) % n;
  case cudaAddressModeMirror: {
    int p = ((i % (2 * n)) + 2 * n) % (2 * n);
    return p < n ? p : 2 * n - 1 - p;
  }
  case cudaAddressModeBorder: return i < 0 || i >= n ? -1 : i;
  default: return i < 0 ? 0 : i >= n ? n - 1 : i;
  }
}

static inline void ref_texel(const RefTex &t, int x, int y, int z, float *out) {
  for (int c = 0; c < 4; c++) {
    if (x < 0 || y < 0 || z < 0) out[c] = t.border[c];
    else if (c < t.channels) out[c] = t.texels[((size_t)(z * t.h + y) * t.w + x) * t.channels + c];
    else out[c] = c == 3 ? 1.0f : 0.0f;
  }
}

// Samples at coordinates u (dims of them, 1 to 3); out gets 4 channels.
static inline void ref_sample(const RefTex &t, int dims, const float *u, float *out) {
  int n[3] = {t.w, t.h, t.d};
  float x[3] = {0, 0, 0};
  for (int k = 0; k < dims; k++) x[k] = t.normalized ? u[k] * n[k] : u[k];
  if (!t.linear) {
    int i[3] = {0, 0, 0};
    for (int k = 0; k < dims; k++) i[k] = ref_index((int)std::floor(x[k]), n[k], t.mode[k], t.normalized);
    ref_texel(t, i[0], i[1], i[2], out);
    return;
  }
  // tex(x) = (1-a)T[i] + aT[i+1], xB = x - 0.5, i = floor(xB), a = frac(xB) in 1.8 fixed point.
  int lo[3] = {0, 0, 0}, hi[3] = {0, 0, 0};
  float a[3] = {0, 0, 0};
  for (int k = 0; k < dims; k++) {
    float xb = x[k] - 0.5f, fl = std::floor(xb);
    a[k] = std::nearbyint((xb - fl) * 256.0f) / 256.0f;
    lo[k] = ref_index((int)fl, n[k], t.mode[k], t.normalized);
    hi[k] = ref_index((int)fl + 1, n[k], t.mode[k], t.normalized);
  }
  for (int c = 0; c < 4; c++) out[c] = 0;
  for (int corner = 0; corner < (1 << dims); corner++) {
    float w = 1;
    int idx[3] = {0, 0, 0};
    for (int k = 0; k < dims; k++) {
      bool up = corner >> k & 1;
      w *= up ? a[k] : 1 - a[k];
      idx[k] = up ? hi[k] : lo[k];
    }
    float v[4];
    ref_texel(t, idx[0], idx[1], idx[2], v);
    for (int c = 0; c < 4; c++) out[c] += w * v[c];
  }
}

#endif
