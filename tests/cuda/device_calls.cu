// __device__ functions: non-inlined calls, recursion (factorial, Fibonacci, gcd), and calls
// through function pointers chosen per thread (a table in device memory).
#include "check.h"

__device__ __noinline__ long long factorial(int n) { return n <= 1 ? 1 : n * factorial(n - 1); }
__device__ __noinline__ int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
__device__ __noinline__ int gcd(int a, int b) { return b == 0 ? a : gcd(b, a % b); }

typedef int (*BinOp)(int, int);
__device__ int op_add(int a, int b) { return a + b; }
__device__ int op_mul(int a, int b) { return a * b; }
__device__ int op_sub(int a, int b) { return a - b; }
__device__ int op_gcd(int a, int b) { return gcd(a, b); }
__device__ BinOp ops[4] = {op_add, op_mul, op_sub, op_gcd};

__device__ __noinline__ int apply(BinOp f, int a, int b) { return f(a, b); }

__global__ void calls(long long *fact, int *fibs, int *applied, int n) {
  int g = blockIdx.x * blockDim.x + threadIdx.x;
  if (g >= n) return;
  fact[g] = factorial(g % 21);
  fibs[g] = fib(g % 22);
  applied[g] = apply(ops[g % 4], g + 12, g % 9 + 3);
}

static long long hfact(int n) { return n <= 1 ? 1 : n * hfact(n - 1); }
static int hfib(int n) { return n < 2 ? n : hfib(n - 1) + hfib(n - 2); }
static int hgcd(int a, int b) { return b == 0 ? a : hgcd(b, a % b); }

int main() {
  const int n = 300;
  long long *dfact, hf[n];
  int *dfib, *dap, hb[n], ha[n];
  CUDA_CHECK(cudaMalloc(&dfact, sizeof hf));
  CUDA_CHECK(cudaMalloc(&dfib, sizeof hb));
  CUDA_CHECK(cudaMalloc(&dap, sizeof ha));
  calls<<<(n + 31) / 32, 32>>>(dfact, dfib, dap, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(hf, dfact, sizeof hf, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(hb, dfib, sizeof hb, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(ha, dap, sizeof ha, cudaMemcpyDeviceToHost));
  for (int g = 0; g < n; g++) {
    EXPECT(hf[g] == hfact(g % 21), "factorial(%d) = %lld", g % 21, hf[g]);
    EXPECT(hb[g] == hfib(g % 22), "fib(%d) = %d", g % 22, hb[g]);
    int a = g + 12, b = g % 9 + 3, want;
    switch (g % 4) {
    case 0: want = a + b; break;
    case 1: want = a * b; break;
    case 2: want = a - b; break;
    default: want = hgcd(a, b);
    }
    EXPECT(ha[g] == want, "ops[%d](%d,%d) = %d vs %d", g % 4, a, b, ha[g], want);
  }
  return check_finish("device_calls");
}
