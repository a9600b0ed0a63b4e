// libcu++ and cooperative-groups pieces of modern CUDA code that need no spinning:
// cooperative_groups::memcpy_async into shared memory with cg::wait, and cuda::std::array /
// tuple in device code. cuda::barrier is in libcudacxx_barrier.cu (KNOWN_ISSUES.md).
#include "libs.h"
#include <cooperative_groups.h>
#include <cooperative_groups/memcpy_async.h>
#include <cuda/std/array>
#include <cuda/std/tuple>
namespace cg = cooperative_groups;

__global__ void cg_copy(const int *in, int *out) {
  __shared__ int buf[512];
  auto block = cg::this_thread_block();
  cg::memcpy_async(block, buf, in + blockIdx.x * 512, sizeof(int) * 512);
  cg::wait(block);
  out[blockIdx.x * 512 + threadIdx.x] = buf[511 - threadIdx.x] + buf[threadIdx.x + 256];
  out[blockIdx.x * 512 + threadIdx.x + 256] = buf[255 - threadIdx.x];
}

__global__ void std_types(int *out) {
  cuda::std::array<int, 4> a{1, 2, 3, 4};
  cuda::std::tuple<int, float> t{(int)threadIdx.x, 0.5f};
  int s = 0;
  for (int v : a) s += v * (int)threadIdx.x;
  out[threadIdx.x] = s + cuda::std::get<0>(t) + (int)(cuda::std::get<1>(t) * 4);
}

static void cg_memcpy_async() {
  const int blocks = 2, n = blocks * 512;
  int h[n], r[n], *in, *out;
  for (int i = 0; i < n; i++) h[i] = i * 5 - 7;
  CUDA_CHECK(cudaMalloc(&in, sizeof h));
  CUDA_CHECK(cudaMalloc(&out, sizeof r));
  CUDA_CHECK(cudaMemcpy(in, h, sizeof h, cudaMemcpyHostToDevice));
  cg_copy<<<blocks, 256>>>(in, out);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, out, sizeof r, cudaMemcpyDeviceToHost));
  for (int b = 0; b < blocks; b++)
    for (int t = 0; t < 256; t++) {
      const int *s = h + b * 512;
      EXPECT(r[b * 512 + t] == s[511 - t] + s[t + 256], "b=%d t=%d", b, t);
      EXPECT(r[b * 512 + t + 256] == s[255 - t], "b=%d t=%d (second half)", b, t);
    }
  cudaFree(in); cudaFree(out);
}

static void std_containers() {
  int *out, r[64];
  CUDA_CHECK(cudaMalloc(&out, sizeof r));
  std_types<<<1, 64>>>(out);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, out, sizeof r, cudaMemcpyDeviceToHost));
  for (int t = 0; t < 64; t++) EXPECT(r[t] == 10 * t + t + 2, "t=%d %d", t, r[t]);
  cudaFree(out);
}

int main() {
  RUN_CASE(cg_memcpy_async);
  RUN_CASE(std_containers);
  return libs_finish("libcudacxx_async");
}
