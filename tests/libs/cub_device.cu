// CUB device-wide algorithms with the usual two-call temp-storage idiom (first call sizes
// the storage, second runs): DeviceReduce::Sum/Max/ArgMin, DeviceScan::ExclusiveSum and
// InclusiveSum (on a stream), DeviceHistogram::HistogramEven, DeviceSelect::Flagged.
// DeviceRadixSort is in cub_radix_sort.cu: its kernels need bmsk (KNOWN_ISSUES.md).
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

static void device_scan() {
  const int n = 70000;
  std::vector<unsigned> h(n);
  uint32_t s = 12;
  for (auto &x : h) x = libs_rand(&s) % 1000;
  unsigned *in = to_device(h), *out;
  CUDA_CHECK(cudaMalloc(&out, n * sizeof(unsigned)));
  cudaStream_t st;
  CUDA_CHECK(cudaStreamCreate(&st));
  void *tmp = nullptr;
  size_t bytes = 0;
  CUDA_CHECK(cub::DeviceScan::ExclusiveSum(tmp, bytes, in, out, n, st));
  CUDA_CHECK(cudaMalloc(&tmp, bytes));
  CUDA_CHECK(cub::DeviceScan::ExclusiveSum(tmp, bytes, in, out, n, st));
  CUDA_CHECK(cudaStreamSynchronize(st));
  auto r = to_host(out, n);
  unsigned acc = 0;
  for (int i = 0; i < n; i++) { EXPECT(r[i] == acc, "exclusive i=%d %u vs %u", i, r[i], acc); acc += h[i]; }
  cudaFree(tmp);
  tmp = nullptr;
  bytes = 0;
  CUDA_CHECK(cub::DeviceScan::InclusiveSum(tmp, bytes, in, out, n, st));
  CUDA_CHECK(cudaMalloc(&tmp, bytes));
  CUDA_CHECK(cub::DeviceScan::InclusiveSum(tmp, bytes, in, out, n, st));
  CUDA_CHECK(cudaStreamSynchronize(st));
  r = to_host(out, n);
  acc = 0;
  for (int i = 0; i < n; i++) { acc += h[i]; EXPECT(r[i] == acc, "inclusive i=%d %u vs %u", i, r[i], acc); }
  CUDA_CHECK(cudaStreamDestroy(st));
  cudaFree(in); cudaFree(out); cudaFree(tmp);
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

static void select_flagged() {
  const int n = 40000;
  std::vector<int> h(n);
  std::vector<char> f(n);
  std::vector<int> want;
  uint32_t s = 16;
  for (int i = 0; i < n; i++) {
    h[i] = i * 3;
    f[i] = (libs_rand(&s) & 3) == 0;
    if (f[i]) want.push_back(h[i]);
  }
  int *in = to_device(h), *out, *nsel;
  char *flags = to_device(f);
  CUDA_CHECK(cudaMalloc(&out, n * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&nsel, sizeof(int)));
  void *tmp = nullptr;
  size_t bytes = 0;
  CUDA_CHECK(cub::DeviceSelect::Flagged(tmp, bytes, in, flags, out, nsel, n));
  CUDA_CHECK(cudaMalloc(&tmp, bytes));
  CUDA_CHECK(cub::DeviceSelect::Flagged(tmp, bytes, in, flags, out, nsel, n));
  CUDA_CHECK(cudaDeviceSynchronize());
  int got = to_host(nsel, 1)[0];
  EXPECT(got == (int)want.size(), "selected %d vs %zu", got, want.size());
  auto r = to_host(out, std::min<size_t>(got, want.size()));
  for (size_t i = 0; i < r.size(); i++) EXPECT(r[i] == want[i], "i=%zu", i);
  cudaFree(in); cudaFree(out); cudaFree(nsel); cudaFree(flags); cudaFree(tmp);
}

int main() {
  RUN_CASE(device_reduce);
  RUN_CASE(device_scan);
  RUN_CASE(histogram_even);
  RUN_CASE(select_flagged);
  return libs_finish("cub_device");
}
