// libcu++ in device code: cuda::std::numeric_limits, min and max, bit utilities,
// cuda::std::array and tuple, and cuda::std::span-free algorithms written over arrays.
#include <cuda/std/limits>
#include <cuda/std/array>
#include <cuda/std/tuple>
#include <cuda/std/bit>
#include <cuda/std/utility>
#include <cuda/std/functional>
#include <cuda/std/cmath>

__global__ void libcu(const unsigned *in, unsigned *out, float *fout, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  unsigned x = in[i];
  cuda::std::array<unsigned, 4> arr = {x, x >> 1, x >> 2, x >> 3};
  unsigned s = 0;
  for (auto v : arr) s += v;
  auto tup = cuda::std::make_tuple(x, (float)x * 0.5f, (int)x - 3);
  s += cuda::std::get<0>(tup) + cuda::std::popcount(x) + cuda::std::countl_zero(x) + cuda::std::bit_width(x) +
       cuda::std::bit_ceil(x & 0xffff) + cuda::std::rotl(x, 7);
  s = (cuda::std::min)(s, cuda::std::numeric_limits<unsigned>::max() - 1u);
  auto pr = cuda::std::make_pair(s, cuda::std::get<2>(tup));
  out[i] = pr.first + (unsigned)pr.second;
  fout[i] = cuda::std::get<1>(tup) + cuda::std::numeric_limits<float>::epsilon() +
            (float)cuda::std::numeric_limits<int>::min() + cuda::std::numeric_limits<float>::infinity() * (x == 7) +
            cuda::std::bit_cast<float>(x & 0x3fffffffu);
}
