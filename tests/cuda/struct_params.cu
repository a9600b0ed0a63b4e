// Kernel parameters of every shape: char/short/int/long long/float/double scalars in an
// order that needs padding, a struct by value (with an array and nested struct), a large
// (1 KiB) struct, pointers, and a kernel with many parameters.
#include "check.h"

struct Inner {
  short s;
  double d;
};
struct Mixed {
  char c;
  int arr[5];
  Inner inner;
  float f;
};
struct Big {
  int v[256];
};

__global__ void scalars(long long *out, char c, short s, int i, long long ll, float f, double d,
                        unsigned char uc, bool b) {
  out[0] = c;
  out[1] = s;
  out[2] = i;
  out[3] = ll;
  out[4] = (long long)(f * 4);
  out[5] = (long long)(d * 8);
  out[6] = uc;
  out[7] = b;
}

__global__ void by_value(Mixed m, Big big, long long *out) {
  int t = threadIdx.x;
  out[t] = big.v[t] + m.arr[t % 5] + m.c + m.inner.s + (long long)(m.inner.d * 2) + (long long)m.f;
}

__global__ void many(int *o, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7,
                     double d0, double d1, double d2, double d3, float f0, float f1, char x,
                     int *o2) {
  o[0] = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
  o[1] = (int)(d0 + d1 + d2 + d3);
  o[2] = (int)(f0 * f1);
  o[3] = x;
  o2[0] = 77;
}

int main() {
  long long *d, h[256];
  CUDA_CHECK(cudaMalloc(&d, sizeof h));
  scalars<<<1, 1>>>(d, -5, -30000, 2000000000, -9000000000000000000ll, 2.25f, -1.125, 250, true);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(h, d, 8 * sizeof(long long), cudaMemcpyDeviceToHost));
  long long want[8] = {-5, -30000, 2000000000, -9000000000000000000ll, 9, -9, 250, 1};
  for (int i = 0; i < 8; i++) EXPECT(h[i] == want[i], "scalar %d: %lld vs %lld", i, h[i], want[i]);

  Mixed m = {'A', {1, 2, 3, 4, 5}, {-7, 10.5}, 100.75f};
  Big big;
  for (int i = 0; i < 256; i++) big.v[i] = i * 1000;
  by_value<<<1, 256>>>(m, big, d);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int t = 0; t < 256; t++) {
    long long w = t * 1000 + (t % 5 + 1) + 'A' - 7 + 21 + 100;
    EXPECT(h[t] == w, "by_value %d: %lld vs %lld", t, h[t], w);
  }

  int *o, *o2, ho[4], ho2 = 0;
  CUDA_CHECK(cudaMalloc(&o, sizeof ho));
  CUDA_CHECK(cudaMalloc(&o2, sizeof(int)));
  many<<<1, 1>>>(o, 1, 2, 3, 4, 5, 6, 7, 8, 0.5, 1.5, 2.5, 3.5, 1.5f, 4.0f, 'z', o2);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(ho, o, sizeof ho, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(&ho2, o2, sizeof ho2, cudaMemcpyDeviceToHost));
  EXPECT(ho[0] == 36 && ho[1] == 8 && ho[2] == 6 && ho[3] == 'z' && ho2 == 77,
         "many: %d %d %d %d %d", ho[0], ho[1], ho[2], ho[3], ho2);
  return check_finish("struct_params");
}
