// JIT time of CUB's decoupled look-back kernels: thrust::copy_if (DeviceSelectSweepKernel)
// and thrust::inclusive_scan (DeviceScanKernel) on 10000 ints. Each call's time is
// printed; on a GPU (and for the small kernels of the other tests) it is milliseconds, on
// ptxvm almost all of it is compiling the one kernel at G=32. Run with PTXVM_LOG=launch to
// see which kernel is being compiled.
#include <chrono>
#include <cstdio>
#include <thrust/copy.h>
#include <thrust/device_vector.h>
#include <thrust/scan.h>
#include <thrust/sequence.h>

struct odd {
  __host__ __device__ bool operator()(int x) const { return x & 1; }
};

static double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int main() {
  thrust::device_vector<int> d(10000), out(10000);
  thrust::sequence(d.begin(), d.end());
  double t0 = now();
  thrust::inclusive_scan(d.begin(), d.end(), out.begin());
  double t1 = now();
  printf("inclusive_scan: %.1f s, last %d\n", t1 - t0, (int)out[9999]);
  auto e = thrust::copy_if(d.begin(), d.end(), out.begin(), odd());
  double t2 = now();
  printf("copy_if: %.1f s, %d selected\n", t2 - t1, (int)(e - out.begin()));
  bool ok = (int)out[9999 / 2] == 9999 && e - out.begin() == 5000;
  printf(ok && t2 - t0 < 10 ? "PASSED\n" : "FAILED\n");
  return ok && t2 - t0 < 10 ? 0 : 1;
}
