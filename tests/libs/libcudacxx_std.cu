// libcu++'s cuda::std in device code, as ported C++ code uses it: numeric_limits,
// <cuda/std/bit> (popcount, countl_zero, bit_width, rotl, has_single_bit, bit_cast),
// <cuda/std/complex> arithmetic and abs, cuda::std::min/max/clamp, <cuda/std/cmath>
// (sqrt, fma, isnan), cuda::std::span over global memory, cuda::std::optional and
// cuda::std::pair, each against host arithmetic.
#include "libs.h"
#include <complex>
#include <limits>
#include <cuda/std/__algorithm/clamp.h>
#include <cuda/std/__algorithm/minmax.h>
#include <cuda/std/bit>
#include <cuda/std/cmath>
#include <cuda/std/complex>
#include <cuda/std/limits>
#include <cuda/std/optional>
#include <cuda/std/span>
#include <cuda/std/utility>

__global__ void bits(const unsigned *in, unsigned *out, int n) {
  int i = threadIdx.x;
  if (i >= n) return;
  unsigned x = in[i];
  out[i * 6 + 0] = cuda::std::popcount(x);
  out[i * 6 + 1] = cuda::std::countl_zero(x);
  out[i * 6 + 2] = cuda::std::bit_width(x);
  out[i * 6 + 3] = cuda::std::rotl(x, 7);
  out[i * 6 + 4] = cuda::std::has_single_bit(x);
  out[i * 6 + 5] = cuda::std::bit_cast<unsigned>(cuda::std::bit_cast<float>(x) * 1.0f == 0 ? 0.0f : 1.0f);
}

__global__ void complexes(const float *re, const float *im, float *out) {
  int i = threadIdx.x;
  cuda::std::complex<float> a(re[i], im[i]), b(im[i], -re[i] + 1.0f);
  cuda::std::complex<float> p = a * b + a / cuda::std::complex<float>(2.0f, 0.0f);
  out[i * 3] = p.real();
  out[i * 3 + 1] = p.imag();
  out[i * 3 + 2] = cuda::std::abs(cuda::std::complex<double>(re[i], im[i])) > 5.0 ? 1.0f : 0.0f;
}

__global__ void misc(int *ints, float *floats, int n, long long *lim) {
  cuda::std::span<int> s(ints, n);
  int i = threadIdx.x;
  if (i < (int)s.size()) {
    cuda::std::optional<int> o;
    if (s[i] % 2 == 0) o = s[i] / 2;
    cuda::std::pair<int, int> pr = cuda::std::minmax(s[i], 50);
    s[i] = o.value_or(-1) * 1000 + cuda::std::clamp(s[i], 10, 90) + (pr.first == s[i] ? 100000 : 0);
    float f = floats[i];
    floats[i] = cuda::std::isnan(f) ? -1.0f : cuda::std::fma(f, f, cuda::std::sqrt(cuda::std::fabs(f)));
  }
  if (i == 0) {
    lim[0] = cuda::std::numeric_limits<int>::max();
    lim[1] = cuda::std::numeric_limits<short>::lowest();
    lim[2] = cuda::std::numeric_limits<float>::digits;
    lim[3] = cuda::std::numeric_limits<unsigned long long>::max() == ~0ull;
  }
}

static void bit_ops() {
  const int n = 16;
  unsigned h[n] = {0, 1, 2, 3, 0x80000000u, 0xffffffffu, 0x00010000u, 12345, 0x7fffffffu, 64,
                   0xdeadbeefu, 5, 0x3f800000u, 0x80000001u, 1u << 20, 999999};
  unsigned *in, *out, r[n * 6];
  CUDA_CHECK(cudaMalloc(&in, sizeof h));
  CUDA_CHECK(cudaMalloc(&out, sizeof r));
  CUDA_CHECK(cudaMemcpy(in, h, sizeof h, cudaMemcpyHostToDevice));
  bits<<<1, 32>>>(in, out, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, out, sizeof r, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    unsigned x = h[i];
    float fx;
    memcpy(&fx, &x, 4);
    float want_f = fx * 1.0f == 0 ? 0.0f : 1.0f;
    unsigned want_b;
    memcpy(&want_b, &want_f, 4);
    EXPECT(r[i * 6] == (unsigned)__builtin_popcount(x), "popcount %08x", x);
    EXPECT(r[i * 6 + 1] == (x ? (unsigned)__builtin_clz(x) : 32u), "countl_zero %08x: %u", x, r[i * 6 + 1]);
    EXPECT(r[i * 6 + 2] == (x ? 32u - (unsigned)__builtin_clz(x) : 0u), "bit_width %08x: %u", x, r[i * 6 + 2]);
    EXPECT(r[i * 6 + 3] == (x << 7 | x >> 25), "rotl %08x", x);
    EXPECT(r[i * 6 + 4] == (unsigned)(x && !(x & (x - 1))), "has_single_bit %08x", x);
    EXPECT(r[i * 6 + 5] == want_b, "bit_cast %08x", x);
  }
  cudaFree(in); cudaFree(out);
}

static void complex_math() {
  const int n = 32;
  float re[n], im[n], r[n * 3], *dre, *dim, *out;
  for (int i = 0; i < n; i++) { re[i] = (i % 9) - 4.0f; im[i] = (i % 5) * 0.5f - 1.0f; }
  CUDA_CHECK(cudaMalloc(&dre, sizeof re));
  CUDA_CHECK(cudaMalloc(&dim, sizeof im));
  CUDA_CHECK(cudaMalloc(&out, sizeof r));
  CUDA_CHECK(cudaMemcpy(dre, re, sizeof re, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dim, im, sizeof im, cudaMemcpyHostToDevice));
  complexes<<<1, n>>>(dre, dim, out);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, out, sizeof r, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    std::complex<float> a(re[i], im[i]), b(im[i], -re[i] + 1.0f);
    std::complex<float> p = a * b + a / std::complex<float>(2.0f, 0.0f);
    EXPECT(libs_close(r[i * 3], p.real(), 1e-5, 1e-5) && libs_close(r[i * 3 + 1], p.imag(), 1e-5, 1e-5),
           "i=%d (%g,%g) vs (%g,%g)", i, r[i * 3], r[i * 3 + 1], p.real(), p.imag());
    EXPECT(r[i * 3 + 2] == (std::abs(std::complex<double>(re[i], im[i])) > 5.0 ? 1.0f : 0.0f), "abs i=%d", i);
  }
  cudaFree(dre); cudaFree(dim); cudaFree(out);
}

static void span_optional_limits() {
  const int n = 40;
  int hi[n], ri[n];
  float hf[n], rf[n];
  for (int i = 0; i < n; i++) { hi[i] = i * 3; hf[i] = (i % 7) - 3.5f; }
  hf[5] = NAN;
  int *di;
  float *df;
  long long *lim, hl[4];
  CUDA_CHECK(cudaMalloc(&di, sizeof hi));
  CUDA_CHECK(cudaMalloc(&df, sizeof hf));
  CUDA_CHECK(cudaMalloc(&lim, sizeof hl));
  CUDA_CHECK(cudaMemcpy(di, hi, sizeof hi, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(df, hf, sizeof hf, cudaMemcpyHostToDevice));
  misc<<<1, 64>>>(di, df, n, lim);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(ri, di, sizeof ri, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(rf, df, sizeof rf, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(hl, lim, sizeof hl, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    int v = hi[i];
    int want = (v % 2 == 0 ? v / 2 : -1) * 1000 + std::min(std::max(v, 10), 90) + (std::min(v, 50) == v ? 100000 : 0);
    EXPECT(ri[i] == want, "i=%d %d vs %d", i, ri[i], want);
    float f = hf[i];
    float wf = std::isnan(f) ? -1.0f : std::fma(f, f, std::sqrt(std::fabs(f)));
    EXPECT(rf[i] == wf, "float i=%d %g vs %g", i, rf[i], wf);
  }
  EXPECT(hl[0] == std::numeric_limits<int>::max() && hl[1] == std::numeric_limits<short>::lowest() &&
             hl[2] == std::numeric_limits<float>::digits && hl[3] == 1,
         "limits %lld %lld %lld %lld", hl[0], hl[1], hl[2], hl[3]);
  cudaFree(di); cudaFree(df); cudaFree(lim);
}

int main() {
  RUN_CASE(bit_ops);
  RUN_CASE(complex_math);
  RUN_CASE(span_optional_limits);
  return libs_finish("libcudacxx_std");
}
