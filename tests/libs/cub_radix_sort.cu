// XFAIL: bmsk.clamp.b32 unsupported, and one failing kernel fails the module (KNOWN_ISSUES.md 1, 2)
// TIMEOUT: 30
// cub::DeviceRadixSort with the two-call temp-storage idiom: SortPairs (stability checked
// through the values), SortKeysDescending on floats (negative values), SortKeys on a bit
// range (only the low 16 bits order the keys), each against std::stable_sort; and
// BlockLoad/BlockStore (warp-transposed) around BlockRadixSort in our own kernel.
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

template <int BLOCK, int ITEMS>
__global__ void block_sort(const unsigned *in, unsigned *out) {
  typedef cub::BlockLoad<unsigned, BLOCK, ITEMS, cub::BLOCK_LOAD_WARP_TRANSPOSE> BL;
  typedef cub::BlockRadixSort<unsigned, BLOCK, ITEMS> BRS;
  typedef cub::BlockStore<unsigned, BLOCK, ITEMS, cub::BLOCK_STORE_WARP_TRANSPOSE> BSt;
  __shared__ union {
    typename BL::TempStorage load;
    typename BRS::TempStorage sort;
    typename BSt::TempStorage store;
  } tmp;
  unsigned keys[ITEMS];
  int off = blockIdx.x * BLOCK * ITEMS;
  BL(tmp.load).Load(in + off, keys);
  __syncthreads();
  BRS(tmp.sort).Sort(keys);
  __syncthreads();
  BSt(tmp.store).Store(out + off, keys);
}

static void radix_sort_pairs() {
  const int n = 30000;
  std::vector<int> k(n);
  std::vector<int> v(n);
  uint32_t s = 13;
  for (int i = 0; i < n; i++) { k[i] = (int)(libs_rand(&s) % 100000) - 50000; v[i] = i; }
  int *kin = to_device(k), *vin = to_device(v), *kout, *vout;
  CUDA_CHECK(cudaMalloc(&kout, n * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&vout, n * sizeof(int)));
  void *tmp = nullptr;
  size_t bytes = 0;
  CUDA_CHECK(cub::DeviceRadixSort::SortPairs(tmp, bytes, kin, kout, vin, vout, n));
  CUDA_CHECK(cudaMalloc(&tmp, bytes));
  CUDA_CHECK(cub::DeviceRadixSort::SortPairs(tmp, bytes, kin, kout, vin, vout, n));
  CUDA_CHECK(cudaDeviceSynchronize());
  auto rk = to_host(kout, n), rv = to_host(vout, n);
  std::vector<std::pair<int, int>> p(n);
  for (int i = 0; i < n; i++) p[i] = {k[i], i};
  std::stable_sort(p.begin(), p.end(), [](auto a, auto b) { return a.first < b.first; });
  for (int i = 0; i < n; i++) {
    EXPECT(rk[i] == p[i].first, "key i=%d %d vs %d", i, rk[i], p[i].first);
    EXPECT(rv[i] == p[i].second, "value i=%d (radix sort is stable)", i);
  }
  cudaFree(kin); cudaFree(vin); cudaFree(kout); cudaFree(vout); cudaFree(tmp);
}

static void radix_sort_keys_descending() {
  const int n = 12345;
  std::vector<float> k(n);
  uint32_t s = 14;
  for (auto &x : k) x = ((int)(libs_rand(&s) % 4001) - 2000) / 8.0f;
  float *kin = to_device(k), *kout;
  CUDA_CHECK(cudaMalloc(&kout, n * sizeof(float)));
  void *tmp = nullptr;
  size_t bytes = 0;
  CUDA_CHECK(cub::DeviceRadixSort::SortKeysDescending(tmp, bytes, kin, kout, n));
  CUDA_CHECK(cudaMalloc(&tmp, bytes));
  CUDA_CHECK(cub::DeviceRadixSort::SortKeysDescending(tmp, bytes, kin, kout, n));
  CUDA_CHECK(cudaDeviceSynchronize());
  auto r = to_host(kout, n);
  std::sort(k.begin(), k.end(), std::greater<float>());
  for (int i = 0; i < n; i++) EXPECT(r[i] == k[i], "i=%d %g vs %g", i, r[i], k[i]);
  // Only the low 16 bits as the key: the order is by (x & 0xffff), stable.
  std::vector<unsigned> u(n);
  for (auto &x : u) x = libs_rand(&s);
  unsigned *uin = to_device(u), *uout;
  CUDA_CHECK(cudaMalloc(&uout, n * sizeof(unsigned)));
  cudaFree(tmp);
  tmp = nullptr;
  bytes = 0;
  CUDA_CHECK(cub::DeviceRadixSort::SortKeys(tmp, bytes, uin, uout, n, 0, 16));
  CUDA_CHECK(cudaMalloc(&tmp, bytes));
  CUDA_CHECK(cub::DeviceRadixSort::SortKeys(tmp, bytes, uin, uout, n, 0, 16));
  CUDA_CHECK(cudaDeviceSynchronize());
  auto ru = to_host(uout, n);
  std::stable_sort(u.begin(), u.end(), [](unsigned a, unsigned b) { return (a & 0xffff) < (b & 0xffff); });
  for (int i = 0; i < n; i++) EXPECT(ru[i] == u[i], "bit range i=%d %08x vs %08x", i, ru[i], u[i]);
  cudaFree(kin); cudaFree(kout); cudaFree(uin); cudaFree(uout); cudaFree(tmp);
}

static void test_block_radix_sort() {
  const int B = 128, I = 4, nb = 2, n = B * I * nb;
  std::vector<unsigned> h(n);
  uint32_t s = 23;
  for (auto &x : h) x = libs_rand(&s);
  unsigned *in, *out;
  CUDA_CHECK(cudaMalloc(&in, n * 4));
  CUDA_CHECK(cudaMalloc(&out, n * 4));
  CUDA_CHECK(cudaMemcpy(in, h.data(), n * 4, cudaMemcpyHostToDevice));
  block_sort<B, I><<<nb, B>>>(in, out);
  LAUNCH_CHECK();
  std::vector<unsigned> r(n);
  CUDA_CHECK(cudaMemcpy(r.data(), out, n * 4, cudaMemcpyDeviceToHost));
  for (int b = 0; b < nb; b++) std::sort(h.begin() + b * B * I, h.begin() + (b + 1) * B * I);
  for (int i = 0; i < n; i++) EXPECT(r[i] == h[i], "i=%d %08x vs %08x", i, r[i], h[i]);
  cudaFree(in); cudaFree(out);
}

int main() {
  RUN_CASE(radix_sort_pairs);
  RUN_CASE(radix_sort_keys_descending);
  RUN_CASE(test_block_radix_sort);
  return libs_finish("cub_radix_sort");
}
