// 1D complex FFT, iterative radix-2 Cooley-Tukey as in HeCBench's fft-style codes: a
// bit-reversal permutation kernel (__brev), then log2(N) butterfly stages launched one by
// one with twiddles from sincosf (and __sincosf in a second variant), on float2 data;
// also a single-block shared-memory FFT of 1024 points with __syncthreads per stage.
// The result is compared with a double-precision DFT on the host, and the inverse
// transform must give back the input.
#include "apps.h"

__global__ void bit_reverse(const float2 *in, float2 *out, int n, int logn) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[__brev(i) >> (32 - logn)] = in[i];
}

template <bool FAST>
__global__ void butterfly(float2 *data, int n, int half, float sign) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= n / 2) return;
  int group = t / half, k = t % half;
  int i = group * 2 * half + k, j = i + half;
  float s, c;
  float angle = sign * 3.14159265358979f * k / half;
  if (FAST) __sincosf(angle, &s, &c);
  else sincosf(angle, &s, &c);
  float2 a = data[i], b = data[j];
  float2 tw = make_float2(b.x * c - b.y * s, b.x * s + b.y * c);
  data[i] = make_float2(a.x + tw.x, a.y + tw.y);
  data[j] = make_float2(a.x - tw.x, a.y - tw.y);
}

// 1024-point FFT in shared memory, 512 threads each doing one butterfly per stage.
__global__ void fft_shared_1024(float2 *data, float sign) {
  __shared__ float2 s[1024];
  float2 *d = data + blockIdx.x * 1024;
  for (int i = threadIdx.x; i < 1024; i += blockDim.x) s[__brev(i) >> 22] = d[i];
  __syncthreads();
  for (int half = 1; half < 1024; half *= 2) {
    int t = threadIdx.x;
    int k = t & (half - 1);
    int i = (t - k) * 2 + k, j = i + half;
    float sn, cs;
    sincospif(sign * (float)k / half, &sn, &cs);
    float2 a = s[i], b = s[j];
    float2 tw = make_float2(b.x * cs - b.y * sn, b.x * sn + b.y * cs);
    s[i] = make_float2(a.x + tw.x, a.y + tw.y);
    s[j] = make_float2(a.x - tw.x, a.y - tw.y);
    __syncthreads();
  }
  for (int i = threadIdx.x; i < 1024; i += blockDim.x) d[i] = s[i];
}

static void host_dft(const float2 *in, double *re, double *im, int n, int sign) {
  for (int k = 0; k < n; k++) {
    double sr = 0, si = 0;
    for (int j = 0; j < n; j++) {
      double a = sign * 2 * M_PI * (double)((long long)j * k % n) / n;
      sr += in[j].x * cos(a) - in[j].y * sin(a);
      si += in[j].x * sin(a) + in[j].y * cos(a);
    }
    re[k] = sr;
    im[k] = si;
  }
}

template <bool FAST>
static void fft_global(float2 *d_a, float2 *d_b, int n, int logn, float sign) {
  bit_reverse<<<(n + 255) / 256, 256>>>(d_a, d_b, n, logn);
  for (int half = 1; half < n; half *= 2) butterfly<FAST><<<(n / 2 + 255) / 256, 256>>>(d_b, n, half, sign);
  LAUNCH_CHECK();
}

int main() {
  const int logn = 12, n = 1 << logn;
  float2 *h = (float2 *)malloc(n * 8), *r = (float2 *)malloc(n * 8), *back = (float2 *)malloc(n * 8);
  double *re = (double *)malloc(n * 8), *im = (double *)malloc(n * 8);
  uint32_t seed = 6;
  for (int i = 0; i < n; i++) h[i] = make_float2(app_randf(&seed, -1, 1), app_randf(&seed, -1, 1));
  host_dft(h, re, im, n, -1);
  float2 *d_a, *d_b;
  CUDA_CHECK(cudaMalloc(&d_a, n * 8));
  CUDA_CHECK(cudaMalloc(&d_b, n * 8));
  for (int variant = 0; variant < 2; variant++) {
    CUDA_CHECK(cudaMemcpy(d_a, h, n * 8, cudaMemcpyHostToDevice));
    if (variant) fft_global<true>(d_a, d_b, n, logn, -1.0f);
    else fft_global<false>(d_a, d_b, n, logn, -1.0f);
    CUDA_CHECK(cudaMemcpy(r, d_b, n * 8, cudaMemcpyDeviceToHost));
    double tol = variant ? 2e-2 : 2e-3;  // |X| ~ sqrt(n) ~ 64
    for (int k = 0; k < n; k++)
      EXPECT(fabs(r[k].x - re[k]) < tol && fabs(r[k].y - im[k]) < tol, "%s X[%d] = (%f,%f), want (%f,%f)",
             variant ? "__sincosf" : "sincosf", k, r[k].x, r[k].y, re[k], im[k]);
    // Inverse: conj twiddles, then divide by n.
    if (variant == 0) {
      fft_global<false>(d_b, d_a, n, logn, 1.0f);
      CUDA_CHECK(cudaMemcpy(back, d_a, n * 8, cudaMemcpyDeviceToHost));
      for (int i = 0; i < n; i++)
        EXPECT(fabs(back[i].x / n - h[i].x) < 1e-5 && fabs(back[i].y / n - h[i].y) < 1e-5,
               "inverse x[%d] = (%f,%f), want (%f,%f)", i, back[i].x / n, back[i].y / n, h[i].x, h[i].y);
    }
  }
  // Four independent 1024-point transforms, one per block.
  const int m = 1024, batches = 4;
  CUDA_CHECK(cudaMemcpy(d_a, h, m * batches * 8, cudaMemcpyHostToDevice));
  fft_shared_1024<<<batches, 512>>>(d_a, -1.0f);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, d_a, m * batches * 8, cudaMemcpyDeviceToHost));
  for (int b = 0; b < batches; b++) {
    host_dft(h + b * m, re, im, m, -1);
    for (int k = 0; k < m; k++)
      EXPECT(fabs(r[b * m + k].x - re[k]) < 1e-3 && fabs(r[b * m + k].y - im[k]) < 1e-3,
             "shared batch %d X[%d] = (%f,%f), want (%f,%f)", b, k, r[b * m + k].x, r[b * m + k].y, re[k], im[k]);
  }
  cudaFree(d_a); cudaFree(d_b);
  free(h); free(r); free(back); free(re); free(im);
  return app_finish("fft_radix2");
}
