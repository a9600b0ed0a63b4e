// C++ on the device: templated kernels instantiated for int, float and double, a functor
// passed by value as a kernel argument, and a class template with member functions and
// operator overloading shared by host and device.
#include "check.h"

template <typename T> struct Vec3 {
  T x, y, z;
  __host__ __device__ Vec3 operator+(const Vec3 &o) const { return {x + o.x, y + o.y, z + o.z}; }
  __host__ __device__ Vec3 operator*(T s) const { return {x * s, y * s, z * s}; }
  __host__ __device__ T dot(const Vec3 &o) const { return x * o.x + y * o.y + z * o.z; }
};

template <typename T, typename F>
__global__ void transform(const Vec3<T> *in, T *out, int n, F f) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = f(in[i], i);
}

template <typename T> struct Energy {
  T scale;
  __host__ __device__ T operator()(const Vec3<T> &v, int i) const {
    Vec3<T> w = (v + Vec3<T>{T(1), T(2), T(3)}) * scale;
    return w.dot(v) + T(i % 3);
  }
};

template <typename T> static void run(const char *type) {
  const int n = 3001;
  Vec3<T> *h = (Vec3<T> *)malloc(n * sizeof(Vec3<T>)), *d;
  T *r = (T *)malloc(n * sizeof(T)), *dr;
  for (int i = 0; i < n; i++) h[i] = {T(i % 7), T(i % 5) - T(2), T(i % 3)};
  CUDA_CHECK(cudaMalloc(&d, n * sizeof(Vec3<T>)));
  CUDA_CHECK(cudaMalloc(&dr, n * sizeof(T)));
  CUDA_CHECK(cudaMemcpy(d, h, n * sizeof(Vec3<T>), cudaMemcpyHostToDevice));
  Energy<T> f{T(2)};
  transform<<<(n + 127) / 128, 128>>>(d, dr, n, f);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, dr, n * sizeof(T), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) EXPECT(r[i] == f(h[i], i), "%s [%d] = %g vs %g", type, i, (double)r[i], (double)f(h[i], i));
  cudaFree(d);
  cudaFree(dr);
  free(h);
  free(r);
}

int main() {
  run<int>("int");
  run<float>("float");
  run<double>("double");
  return check_finish("templates_classes");
}
