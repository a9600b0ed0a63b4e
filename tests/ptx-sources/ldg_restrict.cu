// Read-only and cache-hinted loads: __restrict__ const pointers (ld.global.nc), __ldg on
// scalars and vectors, __ldcg/__ldca/__ldcs/__ldlu/__ldcv and the __st* store hints.
__global__ void saxpy_restrict(int n, float a, const float *__restrict__ x, float *__restrict__ y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

__global__ void cache_hints(const float4 *in, const int2 *iin, const double *din, float4 *out, double *dout, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float4 a = __ldg(&in[i]);
  int2 b = __ldg(&iin[i]);
  double c = __ldg(&din[i]);
  float4 d = __ldcg(&in[(i + 1) % n]);
  float4 e = __ldca(&in[(i + 2) % n]);
  float4 f = __ldcs(&in[(i + 3) % n]);
  double g = __ldlu(&din[(i + 4) % n]) + __ldcv(&din[(i + 5) % n]);
  float4 r = make_float4(a.x + d.x + e.x + f.x, a.y + b.x, a.z + b.y, a.w + (float)c);
  __stcs(&out[i], r);
  __stwb(&dout[i], g);
  __stcg(&dout[i + n], c);
  __stwt(&dout[i + 2 * n], g * c);
}
