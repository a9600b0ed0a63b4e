// TIMEOUT: 400
// cub::DeviceScan::ExclusiveSum / InclusiveSum on a created stream and
// cub::DeviceSelect::Flagged: CUB's decoupled look-back kernels, whose JIT takes long at
// G=32 (KNOWN_ISSUES.md 4), hence the TIMEOUT; the runner's disk cache makes later runs
// quick.
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
  RUN_CASE(device_scan);
  RUN_CASE(select_flagged);
  return libs_finish("cub_scan_select");
}
