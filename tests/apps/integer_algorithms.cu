// Integer-heavy device code with data-dependent control flow, as in HeCBench's integer
// benchmarks: Miller-Rabin primality with 64-bit modular multiplication (__umul64hi, u64
// remainder), Collatz chain lengths (divergent while loops), binary GCD (__ffsll, shifts
// by variable counts), a per-thread bytecode interpreter (switch -> jump table, break and
// continue in a loop), and sub-warp shuffles with a width argument (__shfl_xor_sync(...,
// 8) and __shfl_down_sync(..., 16)).
#include "apps.h"

__device__ __host__ inline uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m) {
#ifdef __CUDA_ARCH__
  uint64_t hi = __umul64hi(a, b), lo = a * b;
#else
  unsigned __int128 p = (unsigned __int128)a * b;
  uint64_t hi = (uint64_t)(p >> 64), lo = (uint64_t)p;
#endif
  // (hi * 2^64 + lo) mod m, bit by bit through the high word (m < 2^63).
  uint64_t r = hi % m;
  for (int i = 63; i >= 0; i--) {
    r = (r << 1) | ((lo >> i) & 1);
    if (r >= m) r -= m;
  }
  return r;
}

__device__ __host__ inline uint64_t powmod(uint64_t a, uint64_t e, uint64_t m) {
  uint64_t r = 1;
  a %= m;
  while (e) {
    if (e & 1) r = mulmod(r, a, m);
    a = mulmod(a, a, m);
    e >>= 1;
  }
  return r;
}

__device__ __host__ inline bool is_prime(uint64_t n) {
  if (n < 2) return false;
  const uint64_t small[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
  for (uint64_t p : small) {
    if (n % p == 0) return n == p;
  }
  uint64_t d = n - 1;
  int s = 0;
  while ((d & 1) == 0) {
    d >>= 1;
    s++;
  }
  for (uint64_t a : small) {
    uint64_t x = powmod(a, d, n);
    if (x == 1 || x == n - 1) continue;
    bool composite = true;
    for (int r = 1; r < s; r++) {
      x = mulmod(x, x, n);
      if (x == n - 1) {
        composite = false;
        break;
      }
    }
    if (composite) return false;
  }
  return true;
}

__device__ __host__ inline int collatz(uint64_t n) {
  int steps = 0;
  while (n != 1) {
    n = (n & 1) ? 3 * n + 1 : n >> 1;
    steps++;
  }
  return steps;
}

__device__ __host__ inline uint64_t gcd(uint64_t a, uint64_t b) {
  if (!a) return b;
  if (!b) return a;
#ifdef __CUDA_ARCH__
  int shift = __ffsll(a | b) - 1;
  a >>= __ffsll(a) - 1;
#else
  int shift = __builtin_ctzll(a | b);
  a >>= __builtin_ctzll(a);
#endif
  do {
#ifdef __CUDA_ARCH__
    b >>= __ffsll(b) - 1;
#else
    b >>= __builtin_ctzll(b);
#endif
    if (a > b) {
      uint64_t t = a; a = b; b = t;
    }
    b -= a;
  } while (b);
  return a << shift;
}

// A tiny stack machine: each thread runs its own program slice.
enum Op { PUSH, ADD, MUL, SUB, DUP, SWAP, JNZ, DEC, HALT, NOP, XOR, SHL };
__device__ __host__ inline int interpret(const int *code, int len, int arg) {
  int stack[16], sp = 0, pc = 0, budget = 1000;
  stack[sp++] = arg;
  while (pc < len && budget-- > 0) {
    int op = code[pc++];
    switch (op) {
      case PUSH: stack[sp++] = code[pc++]; break;
      case ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
      case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
      case DUP: stack[sp] = stack[sp - 1]; sp++; break;
      case SWAP: { int t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; } break;
      case JNZ: { int target = code[pc++]; if (stack[sp - 1] != 0) pc = target; } break;
      case DEC: stack[sp - 1]--; break;
      case NOP: continue;
      case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
      case SHL: stack[sp - 1] <<= (stack[sp - 1] & 3); break;
      case HALT: return stack[sp - 1];
      default: return -1;
    }
    if (sp <= 0 || sp >= 15) return -2;
  }
  return stack[sp - 1];
}

__global__ void kernels(const uint64_t *nums, int *prime, int *steps, uint64_t *g, const int *code, int clen, int *interp,
                        int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  prime[i] = is_prime(nums[i]);
  steps[i] = collatz(nums[i] % 100000 + 1);
  g[i] = gcd(nums[i], nums[(i * 7 + 3) % n] * 6);
  interp[i] = interpret(code + (i % 4) * (clen / 4), clen / 4, i % 50);
}

__global__ void subwarp(const int *in, int *xor8, int *down16) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int v = in[i];
  int a = v;
  for (int m = 4; m > 0; m >>= 1) a += __shfl_xor_sync(0xffffffff, a, m, 8);
  xor8[i] = a;
  int b = v;
  for (int o = 8; o > 0; o >>= 1) b += __shfl_down_sync(0xffffffff, b, o, 16);
  down16[i] = b;
}

int main() {
  const int n = 1024;
  uint64_t *nums = (uint64_t *)malloc(n * 8);
  uint32_t seed = 77;
  for (int i = 0; i < n; i++) nums[i] = (((uint64_t)app_rand(&seed) << 29) ^ app_rand(&seed)) | 1;
  nums[0] = 1000000007ull;
  nums[1] = 4611686018427387847ull;  // a large prime below 2^62
  nums[2] = 3215031751ull;           // a strong pseudoprime to bases 2,3,5,7
  // Four 12-int programs: factorial-ish loop, arithmetic, xor/shift, and a bad opcode.
  int code[48] = {DUP, DEC, DUP, JNZ, 6, HALT, SWAP, MUL, NOP, HALT, 0, 0,
                  PUSH, 3, MUL, PUSH, 7, ADD, PUSH, 2, SUB, HALT, 0, 0,
                  PUSH, 5, XOR, SHL, DUP, ADD, HALT, 0, 0, 0, 0, 0,
                  PUSH, 1, 42, HALT, 0, 0, 0, 0, 0, 0, 0, 0};
  uint64_t *d_nums, *d_g;
  int *d_prime, *d_steps, *d_code, *d_interp;
  CUDA_CHECK(cudaMalloc(&d_nums, n * 8));
  CUDA_CHECK(cudaMalloc(&d_g, n * 8));
  CUDA_CHECK(cudaMalloc(&d_prime, n * 4));
  CUDA_CHECK(cudaMalloc(&d_steps, n * 4));
  CUDA_CHECK(cudaMalloc(&d_interp, n * 4));
  CUDA_CHECK(cudaMalloc(&d_code, sizeof code));
  CUDA_CHECK(cudaMemcpy(d_nums, nums, n * 8, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_code, code, sizeof code, cudaMemcpyHostToDevice));
  kernels<<<n / 128, 128>>>(d_nums, d_prime, d_steps, d_g, d_code, 48, d_interp, n);
  LAUNCH_CHECK();
  int *prime = (int *)malloc(n * 4), *steps = (int *)malloc(n * 4), *interp = (int *)malloc(n * 4);
  uint64_t *g = (uint64_t *)malloc(n * 8);
  CUDA_CHECK(cudaMemcpy(prime, d_prime, n * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(steps, d_steps, n * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(interp, d_interp, n * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(g, d_g, n * 8, cudaMemcpyDeviceToHost));
  int primes = 0;
  for (int i = 0; i < n; i++) {
    bool p = is_prime(nums[i]);
    primes += p;
    EXPECT(prime[i] == (int)p, "is_prime(%llu) = %d, want %d", (unsigned long long)nums[i], prime[i], (int)p);
    EXPECT(steps[i] == collatz(nums[i] % 100000 + 1), "collatz %d", i);
    uint64_t wg = gcd(nums[i], nums[(i * 7 + 3) % n] * 6);
    EXPECT(g[i] == wg, "gcd %d = %llu, want %llu", i, (unsigned long long)g[i], (unsigned long long)wg);
    int wi = interpret(code + (i % 4) * 12, 12, i % 50);
    EXPECT(interp[i] == wi, "interpreter thread %d (program %d) = %d, want %d", i, i % 4, interp[i], wi);
  }
  EXPECT(prime[0] == 1 && prime[1] == 1 && prime[2] == 0, "known primes: %d %d %d", prime[0], prime[1], prime[2]);
  EXPECT(primes > 3, "only %d primes", primes);

  int *sw = (int *)malloc(n * 4), *x8 = (int *)malloc(n * 4), *d16 = (int *)malloc(n * 4), *d_sw, *d_x8, *d_d16;
  for (int i = 0; i < n; i++) sw[i] = (int)(app_rand(&seed) % 1000);
  CUDA_CHECK(cudaMalloc(&d_sw, n * 4));
  CUDA_CHECK(cudaMalloc(&d_x8, n * 4));
  CUDA_CHECK(cudaMalloc(&d_d16, n * 4));
  CUDA_CHECK(cudaMemcpy(d_sw, sw, n * 4, cudaMemcpyHostToDevice));
  subwarp<<<n / 256, 256>>>(d_sw, d_x8, d_d16);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(x8, d_x8, n * 4, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(d16, d_d16, n * 4, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    int s8 = 0;
    for (int l = 0; l < 8; l++) s8 += sw[(i & ~7) + l];
    EXPECT(x8[i] == s8, "xor width 8 lane %d = %d, want %d", i, x8[i], s8);
    // shfl.down with width 16: a lane whose source is past its segment keeps its own value.
    int b = sw[i], base = i & ~15;
    int vals[16];
    for (int l = 0; l < 16; l++) vals[l] = sw[base + l];
    for (int o = 8; o > 0; o >>= 1) {
      int nv[16];
      for (int l = 0; l < 16; l++) nv[l] = vals[l] + (l + o < 16 ? vals[l + o] : vals[l]);
      memcpy(vals, nv, sizeof nv);
    }
    b = vals[i - base];
    EXPECT(d16[i] == b, "down width 16 lane %d = %d, want %d", i, d16[i], b);
  }
  cudaFree(d_nums); cudaFree(d_g); cudaFree(d_prime); cudaFree(d_steps); cudaFree(d_interp); cudaFree(d_code);
  cudaFree(d_sw); cudaFree(d_x8); cudaFree(d_d16);
  free(nums); free(prime); free(steps); free(interp); free(g); free(sw); free(x8); free(d16);
  return app_finish("integer_algorithms");
}
