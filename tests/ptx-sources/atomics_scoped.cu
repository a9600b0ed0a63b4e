// Scoped atomics: cuda::atomic_ref at system/device/block scope with memory orders, the
// _block and _system atomic variants, and fences that come with them.
#include <cuda/atomic>

__global__ void scoped(int *gi, unsigned long long *gu, float *gf, int *flag) {
  cuda::atomic_ref<int, cuda::thread_scope_system> sys(gi[0]);
  cuda::atomic_ref<int, cuda::thread_scope_device> dev(gi[1]);
  cuda::atomic_ref<unsigned long long, cuda::thread_scope_block> blk(gu[0]);
  cuda::atomic_ref<float, cuda::thread_scope_device> fdev(gf[0]);
  sys.fetch_add(1, cuda::memory_order_relaxed);
  dev.fetch_sub(2, cuda::memory_order_acq_rel);
  dev.fetch_max((int)threadIdx.x, cuda::memory_order_seq_cst);
  blk.fetch_or(1ull << (threadIdx.x & 63), cuda::memory_order_release);
  fdev.fetch_add(0.5f);
  int expected = 0;
  sys.compare_exchange_strong(expected, 5, cuda::memory_order_acquire);
  atomicAdd_block(&gi[2], 1);
  atomicAdd_system(&gi[3], 1);
  atomicExch_system(&gi[4], threadIdx.x);
  atomicCAS_block(&gi[5], 0, 1);
  atomicMax_system(&gu[1], 7ull);
  __shared__ int s;
  if (threadIdx.x == 0) s = 0;
  __syncthreads();
  cuda::atomic_ref<int, cuda::thread_scope_block> sref(s);
  sref.fetch_add(3, cuda::memory_order_relaxed);
  __syncthreads();
  if (threadIdx.x == 0) {
    gi[6] = sref.load(cuda::memory_order_acquire);
    cuda::atomic_ref<int, cuda::thread_scope_device> f(*flag);
    f.store(1, cuda::memory_order_release);
  }
}

__global__ void spin_wait(int *flag, int *data) {
  cuda::atomic_ref<int, cuda::thread_scope_device> f(*flag);
  if (blockIdx.x == 0 && threadIdx.x == 0) {
    data[0] = 42;
    f.store(1, cuda::memory_order_release);
  } else if (threadIdx.x == 0) {
    while (f.load(cuda::memory_order_acquire) == 0) {}
    data[blockIdx.x] = data[0] + 1;
  }
}
