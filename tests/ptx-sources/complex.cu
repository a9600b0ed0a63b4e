// Complex arithmetic through cuComplex.h (cuCmulf, cuCdivf, cuCabs) and cuda::std::complex,
// the building blocks of FFT and signal-processing kernels.
#include <cuComplex.h>
#include <cuda/std/complex>

__global__ void complex_ops(const cuFloatComplex *a, const cuFloatComplex *b, cuFloatComplex *out, float *mag, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  cuFloatComplex x = a[i], y = b[i];
  cuFloatComplex r = cuCaddf(cuCmulf(x, y), cuCdivf(x, cuCaddf(y, make_cuFloatComplex(1.0f, 0.0f))));
  r = cuCsubf(r, cuConjf(x));
  out[i] = r;
  mag[i] = cuCabsf(r) + cuCrealf(x) * cuCimagf(y);
}

__global__ void dft_step(const cuDoubleComplex *in, cuDoubleComplex *out, int n) {
  int k = blockIdx.x * blockDim.x + threadIdx.x;
  if (k >= n) return;
  cuDoubleComplex acc = make_cuDoubleComplex(0.0, 0.0);
  for (int t = 0; t < n; t++) {
    double angle = -2.0 * 3.141592653589793 * t * k / n;
    double s, c;
    sincos(angle, &s, &c);
    acc = cuCfma(in[t], make_cuDoubleComplex(c, s), acc);
  }
  out[k] = acc;
}

__global__ void std_complex(const cuda::std::complex<float> *a, cuda::std::complex<float> *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  auto z = a[i];
  out[i] = z * z + cuda::std::exp(z) / (cuda::std::abs(z) + 1.0f) + cuda::std::polar(1.0f, cuda::std::arg(z));
}
