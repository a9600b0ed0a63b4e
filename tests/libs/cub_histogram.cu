// TIMEOUT: 400
// cub::DeviceHistogram::HistogramEven: 64 even bins over [0, 64) of floats, some samples
// outside the range (not counted). The sweep kernel's JIT takes minutes at G=32
// (KNOWN_ISSUES.md 4), hence the TIMEOUT.
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

static void histogram_even() {
  const int n = 100000, bins = 64;
  std::vector<float> h(n);
  uint32_t s = 15;
  std::vector<int> want(bins, 0);
  for (auto &x : h) {
    x = (libs_rand(&s) % 1000000) / 1000000.0f * 70.0f - 3.0f;  // some outside [0, 64)
    if (x >= 0.0f && x < 64.0f) want[(int)x]++;
  }
  float *in = to_device(h);
  int *hist;
  CUDA_CHECK(cudaMalloc(&hist, bins * sizeof(int)));
  void *tmp = nullptr;
  size_t bytes = 0;
  CUDA_CHECK(cub::DeviceHistogram::HistogramEven(tmp, bytes, in, hist, bins + 1, 0.0f, 64.0f, n));
  CUDA_CHECK(cudaMalloc(&tmp, bytes));
  CUDA_CHECK(cub::DeviceHistogram::HistogramEven(tmp, bytes, in, hist, bins + 1, 0.0f, 64.0f, n));
  CUDA_CHECK(cudaDeviceSynchronize());
  auto r = to_host(hist, bins);
  for (int b = 0; b < bins; b++) EXPECT(r[b] == want[b], "bin %d %d vs %d", b, r[b], want[b]);
  cudaFree(in); cudaFree(hist); cudaFree(tmp);
}

int main() {
  RUN_CASE(histogram_even);
  return libs_finish("cub_histogram");
}
