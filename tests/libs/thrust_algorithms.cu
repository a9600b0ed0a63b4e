// Thrust algorithms beside sort: reduce (plus, maximum, with an init), inclusive and
// exclusive scan, transform with a custom functor and a lambda-free binary op,
// transform_reduce, count_if, copy_if, unique (+ erase), sequence and fill,
// device_vector <-> host_vector round trips, and zip iterators (sum of two columns
// through a tuple functor), each against a host loop.
#include "libs.h"
#include <numeric>
#include <vector>
#include <thrust/copy.h>
#include <thrust/count.h>
#include <thrust/device_vector.h>
#include <thrust/fill.h>
#include <thrust/functional.h>
#include <thrust/host_vector.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/zip_iterator.h>
#include <thrust/reduce.h>
#include <thrust/scan.h>
#include <thrust/sequence.h>
#include <thrust/transform.h>
#include <thrust/transform_reduce.h>
#include <thrust/unique.h>

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

static void scans() {
  const int n = 20000;
  std::vector<int> h(n);
  uint32_t s = 9;
  for (auto &x : h) x = (int)(libs_rand(&s) % 100) - 50;
  thrust::device_vector<int> d = h, out(n);
  thrust::inclusive_scan(d.begin(), d.end(), out.begin());
  thrust::host_vector<int> r = out;
  int acc = 0;
  for (int i = 0; i < n; i++) { acc += h[i]; EXPECT(r[i] == acc, "inclusive i=%d %d vs %d", i, r[i], acc); }
  thrust::exclusive_scan(d.begin(), d.end(), out.begin(), 100);
  r = out;
  acc = 100;
  for (int i = 0; i < n; i++) { EXPECT(r[i] == acc, "exclusive i=%d %d vs %d", i, r[i], acc); acc += h[i]; }
  thrust::inclusive_scan(d.begin(), d.end(), out.begin(), thrust::maximum<int>());
  r = out;
  int m = h[0];
  for (int i = 0; i < n; i++) { m = std::max(m, h[i]); EXPECT(r[i] == m, "max scan i=%d", i); }
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

static void count_copy_unique() {
  const int n = 9999;
  thrust::device_vector<int> d(n);
  thrust::sequence(d.begin(), d.end());
  int c = (int)thrust::count_if(d.begin(), d.end(), is_multiple_of_3());
  EXPECT(c == 3333, "count_if %d", c);
  thrust::device_vector<int> out(n);
  auto end = thrust::copy_if(d.begin(), d.end(), out.begin(), is_multiple_of_3());
  EXPECT(end - out.begin() == 3333, "copy_if count %d", (int)(end - out.begin()));
  thrust::host_vector<int> h(out.begin(), end);
  for (int i = 0; i < (int)h.size(); i++) EXPECT(h[i] == 3 * i, "copy_if i=%d %d", i, h[i]);
  // unique on runs of equal values
  thrust::host_vector<int> runs;
  for (int v = 0; v < 500; v++) for (int k = 0; k <= v % 5; k++) runs.push_back(v);
  thrust::device_vector<int> dr = runs;
  auto ue = thrust::unique(dr.begin(), dr.end());
  dr.erase(ue, dr.end());
  EXPECT(dr.size() == 500, "unique size %zu", dr.size());
  thrust::host_vector<int> hu = dr;
  for (int i = 0; i < (int)hu.size(); i++) EXPECT(hu[i] == i, "unique i=%d %d", i, hu[i]);
  int cnt7 = (int)thrust::count(dr.begin(), dr.end(), 7);
  EXPECT(cnt7 == 1, "count %d", cnt7);
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
  RUN_CASE(scans);
  RUN_CASE(transforms);
  RUN_CASE(count_copy_unique);
  RUN_CASE(zip_iterators);
  return libs_finish("thrust_algorithms");
}
