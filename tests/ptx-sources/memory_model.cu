// The memory model in PTX form: relaxed/acquire/release loads and stores of 8- to 64-bit
// values at cta/gpu/sys scope through cuda::atomic_ref, volatile shared and global accesses,
// fences at each scope, and a message-passing handshake between blocks.
#include <cuda/atomic>
#include <cstdint>

__global__ void orders(uint8_t *b, uint32_t *w, uint64_t *d, int *out) {
  cuda::atomic_ref<uint8_t, cuda::thread_scope_system> sb(b[threadIdx.x & 3]);
  cuda::atomic_ref<uint32_t, cuda::thread_scope_device> gw(w[0]);
  cuda::atomic_ref<uint32_t, cuda::thread_scope_block> cw(w[1]);
  cuda::atomic_ref<uint64_t, cuda::thread_scope_device> gd(d[0]);
  sb.store((uint8_t)threadIdx.x, cuda::memory_order_release);
  uint32_t v = gw.load(cuda::memory_order_acquire) + cw.load(cuda::memory_order_relaxed);
  cw.store(v + 1, cuda::memory_order_relaxed);
  gd.store((uint64_t)v << 32, cuda::memory_order_release);
  uint64_t e = gd.load(cuda::memory_order_seq_cst);
  cuda::atomic_thread_fence(cuda::memory_order_acq_rel, cuda::thread_scope_block);
  cuda::atomic_thread_fence(cuda::memory_order_seq_cst, cuda::thread_scope_system);
  out[threadIdx.x] = (int)(v + (uint32_t)e + sb.load(cuda::memory_order_acquire));
}

__global__ void volatile_shared(int *out) {
  __shared__ int flags[32];
  volatile int *vf = flags;
  vf[threadIdx.x & 31] = threadIdx.x;
  __syncthreads();
  int s = 0;
  for (int k = 0; k < 32; k++) s += vf[k];
  volatile int2 *g = reinterpret_cast<volatile int2 *>(out);
  g[threadIdx.x].x = s;
  __threadfence_block();
  out[threadIdx.x * 2 + 1] = vf[(threadIdx.x + 1) & 31];
}

__global__ void handshake(uint32_t *flag, float *payload) {
  cuda::atomic_ref<uint32_t, cuda::thread_scope_device> f(*flag);
  if (blockIdx.x == 0) {
    payload[threadIdx.x] = threadIdx.x * 1.5f;
    __syncthreads();
    if (threadIdx.x == 0) f.store(1, cuda::memory_order_release);
  } else {
    if (threadIdx.x == 0)
      while (f.load(cuda::memory_order_acquire) == 0) __nanosleep(100);
    __syncthreads();
    payload[blockDim.x * blockIdx.x + threadIdx.x] = payload[threadIdx.x] + 1.0f;
  }
}
