// Extended device lambdas (--extended-lambda): lambdas passed to templated kernels,
// captures by value, generic lambdas, and lambdas stored in local variables.
// ROUNDTRIP: FLAGS --extended-lambda
template <typename F> __global__ void for_each(int n, F f) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) f(i);
}

template <typename T, typename F> __device__ T transform_reduce(const T *v, int n, F f) {
  T s = T(0);
  for (int k = 0; k < n; k++) s += f(v[k]);
  return s;
}

void launch_all(float *x, const float *y, double *d, int n, float a) {
  for_each<<<(n + 255) / 256, 256>>>(n, [=] __device__(int i) { x[i] = a * x[i] + y[i]; });
  for_each<<<(n + 255) / 256, 256>>>(n, [=] __device__(int i) {
    auto sq = [](auto v) { return v * v; };
    d[i] = transform_reduce(y, i % 16 + 1, sq) + sq((double)i);
  });
  for_each<<<1, 32>>>(32, [x, a] __device__(int i) {
    if (i == 0) x[0] = a;
  });
}
