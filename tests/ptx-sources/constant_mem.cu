// __constant__ memory: scalars, arrays, structs and 2D tables initialised statically,
// indexed uniformly and per thread, read through cvta.const and ld.const.
struct Params {
  float scale;
  int offset;
  double coeffs[4];
  char tag[8];
};

__constant__ float filter[9] = {0.0625f, 0.125f, 0.0625f, 0.125f, 0.25f, 0.125f, 0.0625f, 0.125f, 0.0625f};
__constant__ Params params = {2.5f, -3, {1.0, 0.5, 0.25, 0.125}, "ptxvm"};
__constant__ int table2d[4][4] = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}, {13, 14, 15, 16}};
__constant__ unsigned long long big_constants[3] = {0xFFFFFFFFFFFFFFFFull, 0x8000000000000000ull, 42};
__constant__ float runtime_set[256];

__global__ void convolve(const float *in, float *out, int w, int h) {
  int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x < 1 || y < 1 || x >= w - 1 || y >= h - 1) return;
  float s = 0.0f;
#pragma unroll
  for (int dy = -1; dy <= 1; dy++)
#pragma unroll
    for (int dx = -1; dx <= 1; dx++) s += filter[(dy + 1) * 3 + dx + 1] * in[(y + dy) * w + x + dx];
  out[y * w + x] = s * params.scale + params.offset;
}

__global__ void constant_lookup(const int *idx, double *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  int k = idx[i];
  const float *p = &runtime_set[k & 255];
  out[i] = params.coeffs[k & 3] * table2d[k & 3][(k >> 2) & 3] + (double)big_constants[k % 3] + params.tag[k & 7] + *p;
}
