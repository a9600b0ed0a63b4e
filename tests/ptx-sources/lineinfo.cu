// Line-table builds: the round-trip compiles this with -lineinfo (.loc and .file
// directives, inlined_at chains for inlined helpers) and also with -G.
// ROUNDTRIP: VARIANT -lineinfo
// ROUNDTRIP: VARIANT -G
__device__ __forceinline__ float smooth(float a, float b, float c) { return 0.25f * a + 0.5f * b + 0.25f * c; }

__device__ __forceinline__ float edge(const float *v, int i, int n) {
  int l = i > 0 ? i - 1 : 0, r = i < n - 1 ? i + 1 : n - 1;
  return smooth(v[l], v[i], v[r]);
}

__global__ void blur(const float *in, float *out, int n, int iters) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float v = in[i];
  for (int k = 0; k < iters; k++) v = 0.5f * (v + edge(in, i, n));
  out[i] = v;
}
