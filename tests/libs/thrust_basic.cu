// Thrust algorithms beside sort: reduce (plus, maximum, with an init), transform with a
// custom functor and a built-in one, transform_reduce, count_if, sequence and fill,
// device_vector <-> host_vector round trips (element reads and writes, resize), and zip
// and counting iterators, each against a host loop. Scans, copy_if and unique (CUB's
// decoupled look-back kernels) are in thrust_scan_select.cu.
#include "libs.h"
#include <numeric>
#include <vector>
#include <thrust/count.h>
#include <thrust/device_vector.h>
#include <thrust/fill.h>
#include <thrust/functional.h>
#include <thrust/host_vector.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/zip_iterator.h>
#include <thrust/reduce.h>
#include <thrust/sequence.h>
#include <thrust/transform.h>
#include <thrust/transform_reduce.h>

struct saxpy {
  float a;
  __host__ __device__ float operator()(float x, float y) const { return a * x + y; }
};
struct is_multiple_of_3 {
  __host__ __device__ bool operator()(int x) const { return x % 3 == 0; }
};
struct square {
  __host__ __device__ long long operator()(int x) const { return (long long)x * x; }
};
struct tuple_sum {
  __host__ __device__ float operator()(const thrust::tuple<float, int> &t) const {
    return thrust::get<0>(t) + (float)thrust::get<1>(t);
  }
};

static void vectors_roundtrip() {
  thrust::host_vector<int> h(1000);
  for (int i = 0; i < 1000; i++) h[i] = i * 7 - 300;
  thrust::device_vector<int> d = h;
  d[5] = 12345;  // element write through a device reference
  thrust::host_vector<int> back = d;
  EXPECT(back.size() == 1000, "size %zu", back.size());
  for (int i = 0; i < 1000; i++) EXPECT(back[i] == (i == 5 ? 12345 : i * 7 - 300), "i=%d", i);
  EXPECT((int)d[999] == 999 * 7 - 300, "element read");
  d.resize(2000, 9);
  EXPECT((int)d[1500] == 9 && d.size() == 2000, "resize fill");
}

static void sequence_fill() {
  thrust::device_vector<int> d(777);
  thrust::sequence(d.begin(), d.end(), 10, 3);
  thrust::host_vector<int> h = d;
  for (int i = 0; i < 777; i++) EXPECT(h[i] == 10 + 3 * i, "sequence i=%d %d", i, h[i]);
  thrust::fill(d.begin() + 100, d.begin() + 200, -1);
  h = d;
  for (int i = 0; i < 777; i++)
    EXPECT(h[i] == (i >= 100 && i < 200 ? -1 : 10 + 3 * i), "fill i=%d %d", i, h[i]);
}

static void reductions() {
  const int n = 100003;
  thrust::device_vector<int> d(n);
  thrust::sequence(d.begin(), d.end());
  long long sum = thrust::reduce(d.begin(), d.end(), 0LL);
  EXPECT(sum == (long long)n * (n - 1) / 2, "sum %lld", sum);
  int mx = thrust::reduce(d.begin(), d.end(), -1, thrust::maximum<int>());
  EXPECT(mx == n - 1, "max %d", mx);
  thrust::device_vector<float> f(4096, 0.5f);
  float fs = thrust::reduce(f.begin(), f.end());
  EXPECT(fs == 2048.0f, "float sum %g", fs);
  long long sq = thrust::transform_reduce(d.begin(), d.begin() + 1000, square(), 0LL,
                                          thrust::plus<long long>());
  EXPECT(sq == 999LL * 1000 * 1999 / 6, "sum of squares %lld", sq);
}

static void transforms() {
  const int n = 5000;
  thrust::device_vector<float> x(n), y(n), z(n);
  thrust::sequence(x.begin(), x.end(), 0.0f, 0.5f);
  thrust::fill(y.begin(), y.end(), 1.0f);
  thrust::transform(x.begin(), x.end(), y.begin(), z.begin(), saxpy{2.0f});
  thrust::host_vector<float> h = z;
  for (int i = 0; i < n; i++) EXPECT(h[i] == 2.0f * (0.5f * i) + 1.0f, "saxpy i=%d %g", i, h[i]);
  thrust::transform(x.begin(), x.end(), z.begin(), thrust::negate<float>());
  h = z;
  for (int i = 0; i < n; i++) EXPECT(h[i] == -0.5f * i, "negate i=%d", i);
}

static void count_if_multiples() {
  thrust::device_vector<int> d(9999);
  thrust::sequence(d.begin(), d.end());
  int c = (int)thrust::count_if(d.begin(), d.end(), is_multiple_of_3());
  EXPECT(c == 3333, "count_if %d", c);
  int c7 = (int)thrust::count(d.begin(), d.end(), 7);
  EXPECT(c7 == 1, "count %d", c7);
}

static void zip_iterators() {
  const int n = 3000;
  thrust::device_vector<float> a(n);
  thrust::device_vector<int> b(n);
  thrust::device_vector<float> out(n);
  thrust::sequence(a.begin(), a.end(), 0.25f, 1.0f);
  thrust::sequence(b.begin(), b.end(), 1000, -1);
  auto first = thrust::make_zip_iterator(thrust::make_tuple(a.begin(), b.begin()));
  thrust::transform(first, first + n, out.begin(), tuple_sum());
  thrust::host_vector<float> h = out;
  for (int i = 0; i < n; i++) EXPECT(h[i] == 0.25f + i + (1000 - i), "zip i=%d %g", i, h[i]);
  // a counting iterator as an input: no memory behind it
  long long s = thrust::transform_reduce(thrust::counting_iterator<int>(1),
                                         thrust::counting_iterator<int>(101), square(), 0LL,
                                         thrust::plus<long long>());
  EXPECT(s == 338350, "counting iterator %lld", s);
}

int main() {
  RUN_CASE(vectors_roundtrip);
  RUN_CASE(sequence_fill);
  RUN_CASE(reductions);
  RUN_CASE(transforms);
  RUN_CASE(count_if_multiples);
  RUN_CASE(zip_iterators);
  return libs_finish("thrust_basic");
}
