// cub::DeviceReduce with the usual two-call temp-storage idiom (the first call sizes the
// storage, the second runs): Sum into a 64-bit total, Max, and the key-value ArgMin.
#include "libs.h"
#include <algorithm>
#include <vector>
#include <cub/cub.cuh>

template <typename T> static T *to_device(const std::vector<T> &h) {
  T *d;
  CUDA_CHECK(cudaMalloc(&d, h.size() * sizeof(T)));
  CUDA_CHECK(cudaMemcpy(d, h.data(), h.size() * sizeof(T), cudaMemcpyHostToDevice));
  return d;
}
template <typename T> static std::vector<T> to_host(const T *d, size_t n) {
  std::vector<T> h(n);
  CUDA_CHECK(cudaMemcpy(h.data(), d, n * sizeof(T), cudaMemcpyDeviceToHost));
  return h;
}

static void device_reduce() {
  const int n = 50001;
  std::vector<int> h(n);
  uint32_t s = 11;
  long long want = 0;
  int wmax = -1 << 30, wmin = 1 << 30, wmin_at = 0;
  for (int i = 0; i < n; i++) {
    h[i] = (int)(libs_rand(&s) % 20001) - 10000;
    want += h[i];
    wmax = std::max(wmax, h[i]);
    if (h[i] < wmin) { wmin = h[i]; wmin_at = i; }
  }
  int *in = to_device(h);
  long long *sum;
  int *mx;
  cub::KeyValuePair<int, int> *amin;
  CUDA_CHECK(cudaMalloc(&sum, sizeof(long long)));
  CUDA_CHECK(cudaMalloc(&mx, sizeof(int)));
  CUDA_CHECK(cudaMalloc(&amin, sizeof(*amin)));
  void *tmp = nullptr;
  size_t bytes = 0, b2 = 0, b3 = 0;
  CUDA_CHECK(cub::DeviceReduce::Sum(tmp, bytes, in, sum, n));
  CUDA_CHECK(cub::DeviceReduce::Max(tmp, b2, in, mx, n));
  CUDA_CHECK(cub::DeviceReduce::ArgMin(tmp, b3, in, amin, n));
  bytes = std::max(bytes, std::max(b2, b3));
  EXPECT(bytes > 0, "temp storage size");
  CUDA_CHECK(cudaMalloc(&tmp, bytes));
  b2 = b3 = bytes;
  CUDA_CHECK(cub::DeviceReduce::Sum(tmp, b2, in, sum, n));
  CUDA_CHECK(cub::DeviceReduce::Max(tmp, b3, in, mx, n));
  b3 = bytes;
  CUDA_CHECK(cub::DeviceReduce::ArgMin(tmp, b3, in, amin, n));
  CUDA_CHECK(cudaDeviceSynchronize());
  long long got = to_host(sum, 1)[0];
  int gmax = to_host(mx, 1)[0];
  auto gmin = to_host(amin, 1)[0];
  EXPECT(got == want, "sum %lld vs %lld", got, want);
  EXPECT(gmax == wmax, "max %d vs %d", gmax, wmax);
  EXPECT(gmin.value == wmin && gmin.key == wmin_at, "argmin (%d,%d) vs (%d,%d)", gmin.key,
         gmin.value, wmin_at, wmin);
  cudaFree(in); cudaFree(sum); cudaFree(mx); cudaFree(amin); cudaFree(tmp);
}

int main() {
  RUN_CASE(device_reduce);
  return libs_finish("cub_reduce");
}
