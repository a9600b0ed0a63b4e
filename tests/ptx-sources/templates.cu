// Templates: kernels instantiated over several element types, functors as template
// arguments, non-type parameters and recursive templates evaluated at compile time.
// ROUNDTRIP: EXTRACT
#include <cstdint>

template <typename T> struct Plus {
  __device__ T operator()(T a, T b) const { return a + b; }
};
template <typename T> struct Max {
  __device__ T operator()(T a, T b) const { return a > b ? a : b; }
};

template <int N> struct Fact {
  static constexpr long long value = N * Fact<N - 1>::value;
};
template <> struct Fact<0> {
  static constexpr long long value = 1;
};

template <typename T, typename Op, int BLOCK>
__global__ void block_reduce(const T *in, T *out, int n, T identity) {
  __shared__ T tile[BLOCK];
  Op op;
  int i = blockIdx.x * BLOCK + threadIdx.x;
  tile[threadIdx.x] = i < n ? in[i] : identity;
  __syncthreads();
  for (int s = BLOCK / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) tile[threadIdx.x] = op(tile[threadIdx.x], tile[threadIdx.x + s]);
    __syncthreads();
  }
  if (threadIdx.x == 0) out[blockIdx.x] = tile[0];
}

template <typename T, int K>
__global__ void scale_k(T *data, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) data[i] = data[i] * static_cast<T>(K) + static_cast<T>(Fact<K>::value % 97);
}

template <typename To, typename From>
__global__ void convert(const From *in, To *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = static_cast<To>(in[i]);
}

template <typename T> __device__ T clamp_value(T v, T lo, T hi) { return v < lo ? lo : (v > hi ? hi : v); }

template <typename T, typename... Rest> __device__ T sum_all(T first, Rest... rest) {
  if constexpr (sizeof...(rest) == 0) return first;
  else return first + sum_all(rest...);
}

template <typename T>
__global__ void variadic(T *out, T a, T b, T c, T d) {
  out[threadIdx.x] = clamp_value(sum_all(a, b, c, d) * (T)threadIdx.x, (T)0, (T)1000);
}

template __global__ void block_reduce<float, Plus<float>, 128>(const float *, float *, int, float);
template __global__ void block_reduce<double, Plus<double>, 256>(const double *, double *, int, double);
template __global__ void block_reduce<int, Max<int>, 64>(const int *, int *, int, int);
template __global__ void block_reduce<unsigned long long, Plus<unsigned long long>, 128>(
    const unsigned long long *, unsigned long long *, int, unsigned long long);
template __global__ void scale_k<float, 5>(float *, int);
template __global__ void scale_k<int, 7>(int *, int);
template __global__ void scale_k<short, 3>(short *, int);
template __global__ void convert<float, int>(const int *, float *, int);
template __global__ void convert<double, float>(const float *, double *, int);
template __global__ void convert<int8_t, double>(const double *, int8_t *, int);
template __global__ void convert<uint64_t, float>(const float *, uint64_t *, int);
template __global__ void variadic<int>(int *, int, int, int, int);
template __global__ void variadic<float>(float *, float, float, float, float);
