// TIMEOUT: 400
// Thrust's scans and stream compaction, all built on CUB's decoupled look-back (tile
// status in global memory, each CTA waiting for its predecessors' prefixes):
// inclusive_scan, exclusive_scan with an init, a max-scan, copy_if, unique + erase and
// count on the result. Each kernel's JIT takes long at G=32 (KNOWN_ISSUES.md 4), hence
// the TIMEOUT; the runner's disk cache makes later runs quick.
#include "libs.h"
#include <algorithm>
#include <vector>
#include <thrust/copy.h>
#include <thrust/count.h>
#include <thrust/device_vector.h>
#include <thrust/functional.h>
#include <thrust/host_vector.h>
#include <thrust/scan.h>
#include <thrust/sequence.h>
#include <thrust/unique.h>

struct is_multiple_of_3 {
  __host__ __device__ bool operator()(int x) const { return x % 3 == 0; }
};

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

static void count_copy_unique() {
  const int n = 9999;
  thrust::device_vector<int> d(n);
  thrust::sequence(d.begin(), d.end());
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

int main() {
  RUN_CASE(scans);
  RUN_CASE(count_copy_unique);
  return libs_finish("thrust_scan_select");
}
