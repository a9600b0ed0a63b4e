// Template-heavy device code as in CUB-style and HeCBench codes: a kernel templated on
// the element type, a functor and a compile-time block size, instantiated for int, float,
// double, unsigned long long and a user struct; device function templates with
// specialisations, a traits class, std-like numeric_limits, and a variadic template.
#include "apps.h"
#include <cfloat>
#include <climits>

template <typename T> struct Limits;
template <> struct Limits<int> { __device__ __host__ static int lowest() { return INT_MIN; } };
template <> struct Limits<float> { __device__ __host__ static float lowest() { return -FLT_MAX; } };
template <> struct Limits<double> { __device__ __host__ static double lowest() { return -DBL_MAX; } };
template <> struct Limits<unsigned long long> { __device__ __host__ static unsigned long long lowest() { return 0; } };

struct Sum { template <typename T> __device__ __host__ T operator()(T a, T b) const { return a + b; } template <typename T> __device__ __host__ static T identity() { return T(0); } };
struct Max { template <typename T> __device__ __host__ T operator()(T a, T b) const { return a > b ? a : b; } template <typename T> __device__ __host__ static T identity() { return Limits<T>::lowest(); } };

struct Vec3 {
  float x, y, z;
  __device__ __host__ Vec3 operator+(const Vec3 &o) const { return {x + o.x, y + o.y, z + o.z}; }
  __device__ __host__ bool operator>(const Vec3 &o) const { return x * x + y * y + z * z > o.x * o.x + o.y * o.y + o.z * o.z; }
};
template <> __device__ __host__ Vec3 Sum::identity<Vec3>() { return {0, 0, 0}; }
template <> struct Limits<Vec3> { __device__ __host__ static Vec3 lowest() { return {0, 0, 0}; } };

// Block reduction over a grid-stride loop; one partial per block.
template <typename T, typename Op, int BLOCK>
__global__ void block_reduce(const T *in, T *out, int n, Op op) {
  __shared__ T s[BLOCK];
  T acc = Op::template identity<T>();
  for (int i = blockIdx.x * BLOCK + threadIdx.x; i < n; i += BLOCK * gridDim.x) acc = op(acc, in[i]);
  s[threadIdx.x] = acc;
  __syncthreads();
#pragma unroll
  for (int st = BLOCK / 2; st > 0; st >>= 1) {
    if (threadIdx.x < st) s[threadIdx.x] = op(s[threadIdx.x], s[threadIdx.x + st]);
    __syncthreads();
  }
  if (threadIdx.x == 0) out[blockIdx.x] = s[0];
}

template <typename T> __device__ T square(T v) { return v * v; }
template <> __device__ Vec3 square<Vec3>(Vec3 v) { return {v.x * v.x, v.y * v.y, v.z * v.z}; }

template <typename T>
__global__ void map_square(T *data, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) data[i] = square(data[i]);
}

// Variadic: sums any number of arrays element-wise.
__device__ float add_all() { return 0.0f; }
template <typename... Rest> __device__ float add_all(const float *a, int i, Rest... rest) { return a[i] + add_all(rest...); }
template <typename... Arrays>
__global__ void sum_arrays(float *out, int n, Arrays... arrays) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = add_all(arrays...);
}

template <typename T, typename Op, int BLOCK>
static T reduce(const T *h, int n, Op op) {
  T *d, *dp;
  const int blocks = 32;
  CUDA_CHECK(cudaMalloc(&d, n * sizeof(T)));
  CUDA_CHECK(cudaMalloc(&dp, blocks * sizeof(T)));
  CUDA_CHECK(cudaMemcpy(d, h, n * sizeof(T), cudaMemcpyHostToDevice));
  block_reduce<T, Op, BLOCK><<<blocks, BLOCK>>>(d, dp, n, op);
  block_reduce<T, Op, BLOCK><<<1, BLOCK>>>(dp, dp, blocks, op);
  LAUNCH_CHECK();
  T r;
  CUDA_CHECK(cudaMemcpy(&r, dp, sizeof(T), cudaMemcpyDeviceToHost));
  cudaFree(d); cudaFree(dp);
  return r;
}

int main() {
  const int n = 100000;
  uint32_t seed = 10;
  int *hi = (int *)malloc(n * 4);
  float *hf = (float *)malloc(n * 4);
  double *hd = (double *)malloc(n * 8);
  unsigned long long *hu = (unsigned long long *)malloc(n * 8);
  Vec3 *hv = (Vec3 *)malloc(n * sizeof(Vec3));
  long long si = 0;
  int mi = INT_MIN;
  double sd = 0, md = -DBL_MAX;
  float mf = -FLT_MAX;
  unsigned long long su = 0, mu = 0;
  Vec3 sv = {0, 0, 0}, mv = {0, 0, 0};
  for (int i = 0; i < n; i++) {
    hi[i] = (int)(app_rand(&seed) % 20000) - 10000;
    hf[i] = app_randf(&seed, -100, 100);
    hd[i] = (double)app_rand(&seed) / 3.0 - 7e8;
    hu[i] = ((unsigned long long)app_rand(&seed) << 20) ^ app_rand(&seed);
    hv[i] = {(float)(app_rand(&seed) % 64) / 8, (float)(app_rand(&seed) % 64) / 8, -(float)(app_rand(&seed) % 64) / 8};
    si += hi[i]; mi = hi[i] > mi ? hi[i] : mi;
    mf = hf[i] > mf ? hf[i] : mf;
    sd += hd[i]; md = hd[i] > md ? hd[i] : md;
    su += hu[i]; mu = hu[i] > mu ? hu[i] : mu;
    sv = sv + hv[i]; mv = hv[i] > mv ? hv[i] : mv;
  }
  EXPECT((reduce<int, Sum, 256>(hi, n, Sum())) == (int)si, "int sum");
  EXPECT((reduce<int, Max, 128>(hi, n, Max())) == mi, "int max");
  EXPECT((reduce<float, Max, 512>(hf, n, Max())) == mf, "float max");
  double gd = reduce<double, Sum, 256>(hd, n, Sum());
  EXPECT(app_close(gd, sd, 0, 1e-12), "double sum %f, want %f", gd, sd);
  EXPECT((reduce<double, Max, 64>(hd, n, Max())) == md, "double max");
  EXPECT((reduce<unsigned long long, Sum, 256>(hu, n, Sum())) == su, "u64 sum");
  EXPECT((reduce<unsigned long long, Max, 256>(hu, n, Max())) == mu, "u64 max");
  Vec3 gv = reduce<Vec3, Sum, 128>(hv, n, Sum());
  EXPECT(gv.x == sv.x && gv.y == sv.y && gv.z == sv.z, "Vec3 sum (%f,%f,%f), want (%f,%f,%f)", gv.x, gv.y, gv.z, sv.x, sv.y, sv.z);
  Vec3 gm = reduce<Vec3, Max, 128>(hv, n, Max());
  EXPECT(!(gm > mv) && !(mv > gm), "Vec3 max by length");

  // map_square<int>, <double>, <Vec3>
  int *di;
  Vec3 *dv;
  CUDA_CHECK(cudaMalloc(&di, n * 4));
  CUDA_CHECK(cudaMalloc(&dv, n * sizeof(Vec3)));
  CUDA_CHECK(cudaMemcpy(di, hi, n * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dv, hv, n * sizeof(Vec3), cudaMemcpyHostToDevice));
  map_square<int><<<(n + 255) / 256, 256>>>(di, n);
  map_square<Vec3><<<(n + 255) / 256, 256>>>(dv, n);
  LAUNCH_CHECK();
  int *ri = (int *)malloc(n * 4);
  Vec3 *rv = (Vec3 *)malloc(n * sizeof(Vec3));
  CUDA_CHECK(cudaMemcpy(ri, di, n * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(rv, dv, n * sizeof(Vec3), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    EXPECT(ri[i] == hi[i] * hi[i], "square int %d", i);
    EXPECT(rv[i].x == hv[i].x * hv[i].x && rv[i].z == hv[i].z * hv[i].z, "square Vec3 %d", i);
  }
  // sum_arrays with 2 and 4 arrays
  float *a[4], *dout;
  for (int k = 0; k < 4; k++) {
    CUDA_CHECK(cudaMalloc(&a[k], n * 4));
    CUDA_CHECK(cudaMemcpy(a[k], hf, n * 4, cudaMemcpyHostToDevice));
  }
  CUDA_CHECK(cudaMalloc(&dout, n * 4));
  float *rf = (float *)malloc(n * 4);
  sum_arrays<<<(n + 255) / 256, 256>>>(dout, n, (const float *)a[0], 0, (const float *)a[1], 0);
  LAUNCH_CHECK();
  // Each (array, index) pair names one element: the kernel broadcasts their sum.
  CUDA_CHECK(cudaMemcpy(rf, dout, n * 4, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) EXPECT(rf[i] == hf[0] + hf[0], "sum of 2 arrays[%d] = %f", i, rf[i]);
  sum_arrays<<<(n + 255) / 256, 256>>>(dout, n, (const float *)a[0], 5, (const float *)a[1], 6,
                                       (const float *)a[2], 7, (const float *)a[3], 8);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(rf, dout, n * 4, cudaMemcpyDeviceToHost));
  float w4 = hf[5] + (hf[6] + (hf[7] + (hf[8] + 0.0f)));
  for (int i = 0; i < n; i++) EXPECT(rf[i] == w4, "sum of 4 arrays[%d] = %f, want %f", i, rf[i], w4);
  for (int k = 0; k < 4; k++) cudaFree(a[k]);
  cudaFree(dout); cudaFree(di); cudaFree(dv);
  free(hi); free(hf); free(hd); free(hu); free(hv); free(ri); free(rv); free(rf);
  return app_finish("templates");
}
