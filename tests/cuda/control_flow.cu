// break, continue and early return in divergent loops, and a loop built with goto (an
// unstructured CFG with two back edges), each compared with the same code on the host.
#include "check.h"

__host__ __device__ int breaks(int x) {
  int s = 0;
  for (int i = 0; i < 64; i++) {
    if (i % (x % 5 + 2) == 0) continue;
    s += i * (x & 7);
    if (s > x) break;
  }
  return s;
}

__host__ __device__ int early_return(int x) {
  for (int i = 0; i < 20; i++) {
    if ((x >> i) & 1 && i > 3) return i * 10;
    if (i == (x & 15)) return -i;
  }
  return 999;
}

__host__ __device__ int gotos(int x) {
  int i = 0, s = 0;
top:
  if (i >= (x & 31)) goto out;
  s += i;
  i++;
  if ((s ^ x) & 4) goto top;
  s ^= 0x55;
  i++;
  goto top;
out:
  return s;
}

__global__ void flow(const int *in, int *out, int n) {
  int g = blockIdx.x * blockDim.x + threadIdx.x;
  if (g >= n) return;
  int x = in[g];
  if (x % 97 == 0) { // an early exit for some threads of the warp
    out[g * 3] = out[g * 3 + 1] = out[g * 3 + 2] = -12345;
    return;
  }
  out[g * 3] = breaks(x);
  out[g * 3 + 1] = early_return(x);
  out[g * 3 + 2] = gotos(x);
}

int main() {
  const int n = 3001;
  int *h = (int *)malloc(n * 4), *r = (int *)malloc(n * 12), *din, *dout;
  uint32_t seed = 5;
  for (int i = 0; i < n; i++) h[i] = (int)(check_rand(&seed) % 5000);
  CUDA_CHECK(cudaMalloc(&din, n * 4));
  CUDA_CHECK(cudaMalloc(&dout, n * 12));
  CUDA_CHECK(cudaMemcpy(din, h, n * 4, cudaMemcpyHostToDevice));
  flow<<<(n + 63) / 64, 64>>>(din, dout, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(r, dout, n * 12, cudaMemcpyDeviceToHost));
  for (int g = 0; g < n; g++) {
    int x = h[g];
    if (x % 97 == 0) {
      EXPECT(r[g * 3] == -12345 && r[g * 3 + 2] == -12345, "exit g=%d", g);
      continue;
    }
    EXPECT(r[g * 3] == breaks(x), "breaks g=%d x=%d: %d vs %d", g, x, r[g * 3], breaks(x));
    EXPECT(r[g * 3 + 1] == early_return(x), "early_return g=%d x=%d: %d", g, x, r[g * 3 + 1]);
    EXPECT(r[g * 3 + 2] == gotos(x), "gotos g=%d x=%d: %d vs %d", g, x, r[g * 3 + 2], gotos(x));
  }
  return check_finish("control_flow");
}
