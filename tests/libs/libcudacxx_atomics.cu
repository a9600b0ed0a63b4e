// libcu++ atomics as modern CUDA code uses them: cuda::atomic<T, thread_scope_device>
// (fetch_add, fetch_min/max, exchange, compare_exchange loops on float and 64-bit),
// cuda::atomic_ref on plain global and shared memory, cuda::std::atomic with
// memory_order arguments, a block-scope atomic in shared memory, and atomic_thread_fence
// with a flag (message passing between two CTAs' threads of one launch, the CTAs ordered
// only by the flag).
#include "libs.h"
#include <cuda/atomic>
#include <cuda/std/atomic>

struct Counters {
  cuda::atomic<int, cuda::thread_scope_device> sum;
  cuda::atomic<int, cuda::thread_scope_device> mn;
  cuda::atomic<int, cuda::thread_scope_device> mx;
  cuda::atomic<unsigned long long, cuda::thread_scope_device> big;
  cuda::std::atomic<float> fsum;
  cuda::atomic<int, cuda::thread_scope_system> ticket;
};

__global__ void counters(Counters *c, const int *in, int n, int *order) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  int v = in[i];
  c->sum.fetch_add(v, cuda::std::memory_order_relaxed);
  c->mn.fetch_min(v);
  c->mx.fetch_max(v);
  c->big.fetch_add(1ull << 33);
  // float add through a CAS loop (what atomic<float>::fetch_add does on older targets)
  float old = c->fsum.load(cuda::std::memory_order_relaxed);
  while (!c->fsum.compare_exchange_weak(old, old + 0.5f, cuda::std::memory_order_relaxed)) {
  }
  order[c->ticket.fetch_add(1)] = i;  // each ticket handed out once
}

__global__ void refs(int *plain, unsigned long long *plain64, int *per_block) {
  __shared__ int s;
  if (threadIdx.x == 0) s = 0;
  __syncthreads();
  cuda::atomic_ref<int, cuda::thread_scope_block> sref(s);
  sref.fetch_add((int)threadIdx.x + 1);
  cuda::atomic_ref<int, cuda::thread_scope_device> g(plain[threadIdx.x % 4]);
  g.fetch_add(1);
  cuda::atomic_ref<unsigned long long, cuda::thread_scope_device> g64(*plain64);
  g64.fetch_or(1ull << (threadIdx.x % 64));
  __syncthreads();
  if (threadIdx.x == 0) per_block[blockIdx.x] = sref.load();
}

__global__ void exchange(cuda::atomic<int> *slot, int *seen) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  int prev = slot->exchange(t + 1);
  atomicAdd(&seen[prev], 1);  // every value 0..n is returned exactly once, except the last
}

// Producer writes data, fence, then flag (release); consumer spins on the flag (acquire).
// Two CTAs of one launch: the consumer block spins with bounded patience, so ptxvm running
// blocks in any order cannot hang the test.
__global__ void message(int *data, cuda::atomic<int> *flag, int *result) {
  if (blockIdx.x == 0) {
    if (threadIdx.x == 0) {
      data[0] = 42;
      data[1] = 43;
      cuda::std::atomic_thread_fence(cuda::std::memory_order_release);
      flag->store(1, cuda::std::memory_order_relaxed);
    }
  } else if (threadIdx.x == 0) {
    long spins = 0;
    while (flag->load(cuda::std::memory_order_acquire) == 0 && spins < 200000000) spins++;
    if (flag->load(cuda::std::memory_order_acquire) == 1) result[0] = data[0] + data[1];
    else result[0] = -1;  // the producer never ran while we waited
  }
}

static void device_counters() {
  const int n = 5000;
  int h[n], *in, *order;
  uint32_t s = 41;
  long long want = 0;
  int wmin = 1 << 30, wmax = -(1 << 30);
  for (int i = 0; i < n; i++) {
    h[i] = (int)(libs_rand(&s) % 2001) - 1000;
    want += h[i];
    wmin = std::min(wmin, h[i]);
    wmax = std::max(wmax, h[i]);
  }
  Counters *c;
  CUDA_CHECK(cudaMallocManaged(&c, sizeof(Counters)));
  new (c) Counters;  // constructors are host+device in libcu++
  c->sum.store(0);
  c->mn.store(1 << 30);
  c->mx.store(-(1 << 30));
  c->big.store(0);
  c->fsum.store(0.0f);
  c->ticket.store(0);
  CUDA_CHECK(cudaMalloc(&in, sizeof h));
  CUDA_CHECK(cudaMalloc(&order, sizeof h));
  CUDA_CHECK(cudaMemset(order, 0xff, sizeof h));
  CUDA_CHECK(cudaMemcpy(in, h, sizeof h, cudaMemcpyHostToDevice));
  counters<<<(n + 255) / 256, 256>>>(c, in, n, order);
  LAUNCH_CHECK();
  EXPECT(c->sum.load() == want, "sum %d vs %lld", c->sum.load(), want);
  EXPECT(c->mn.load() == wmin && c->mx.load() == wmax, "min %d max %d", c->mn.load(), c->mx.load());
  EXPECT(c->big.load() == (unsigned long long)n << 33, "64-bit %llu", c->big.load());
  EXPECT(c->fsum.load() == n * 0.5f, "float CAS sum %g", c->fsum.load());
  EXPECT(c->ticket.load() == n, "tickets %d", c->ticket.load());
  int o[n];
  CUDA_CHECK(cudaMemcpy(o, order, sizeof o, cudaMemcpyDeviceToHost));
  static char seen[n];
  memset(seen, 0, sizeof seen);
  for (int k = 0; k < n; k++) {
    EXPECT(o[k] >= 0 && o[k] < n && !seen[o[k]], "ticket %d -> %d", k, o[k]);
    if (o[k] >= 0 && o[k] < n) seen[o[k]] = 1;
  }
  cudaFree(c); cudaFree(in); cudaFree(order);
}

static void atomic_refs() {
  int *plain, *pb;
  unsigned long long *p64;
  CUDA_CHECK(cudaMalloc(&plain, 16));
  CUDA_CHECK(cudaMalloc(&pb, 3 * 4));
  CUDA_CHECK(cudaMalloc(&p64, 8));
  CUDA_CHECK(cudaMemset(plain, 0, 16));
  CUDA_CHECK(cudaMemset(p64, 0, 8));
  refs<<<3, 96>>>(plain, p64, pb);
  LAUNCH_CHECK();
  int hp[4], hb[3];
  unsigned long long h64;
  CUDA_CHECK(cudaMemcpy(hp, plain, 16, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(hb, pb, 12, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(&h64, p64, 8, cudaMemcpyDeviceToHost));
  for (int k = 0; k < 4; k++) EXPECT(hp[k] == 3 * 24, "global ref %d: %d", k, hp[k]);
  for (int b = 0; b < 3; b++) EXPECT(hb[b] == 96 * 97 / 2, "shared ref block %d: %d", b, hb[b]);
  EXPECT(h64 == ~0ull, "fetch_or %016llx", h64);
  cudaFree(plain); cudaFree(pb); cudaFree(p64);
}

static void exchanges() {
  const int n = 1024;
  cuda::atomic<int> *slot;
  int *seen, hs[n + 1];
  CUDA_CHECK(cudaMalloc(&slot, sizeof(*slot)));
  CUDA_CHECK(cudaMemset(slot, 0, sizeof(*slot)));
  CUDA_CHECK(cudaMalloc(&seen, (n + 1) * 4));
  CUDA_CHECK(cudaMemset(seen, 0, (n + 1) * 4));
  exchange<<<n / 128, 128>>>(slot, seen);
  LAUNCH_CHECK();
  int last;
  CUDA_CHECK(cudaMemcpy(hs, seen, sizeof hs, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(&last, slot, 4, cudaMemcpyDeviceToHost));
  EXPECT(last >= 1 && last <= n, "final value %d", last);
  for (int v = 0; v <= n; v++) EXPECT(hs[v] == (v == last ? 0 : 1), "value %d returned %d times", v, hs[v]);
  cudaFree(slot); cudaFree(seen);
}

static void fence_message() {
  int *data, *res, r = 0;
  cuda::atomic<int> *flag;
  CUDA_CHECK(cudaMalloc(&data, 8));
  CUDA_CHECK(cudaMalloc(&res, 4));
  CUDA_CHECK(cudaMalloc(&flag, sizeof(*flag)));
  CUDA_CHECK(cudaMemset(flag, 0, sizeof(*flag)));
  CUDA_CHECK(cudaMemset(data, 0, 8));
  message<<<2, 32>>>(data, flag, res);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(&r, res, 4, cudaMemcpyDeviceToHost));
  EXPECT(r == 85, "consumer read %d", r);
  cudaFree(data); cudaFree(res); cudaFree(flag);
}

int main() {
  RUN_CASE(device_counters);
  RUN_CASE(atomic_refs);
  RUN_CASE(exchanges);
  RUN_CASE(fence_message);
  return libs_finish("libcudacxx_atomics");
}
