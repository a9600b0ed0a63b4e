// 32-bit integer atomics in global memory from many threads at once (same and different
// addresses): Add, Sub, Min, Max, And, Or, Xor, Exch, CAS (a lock-free increment), Inc and
// Dec with wrap-around; the final values and the multiset of returned old values are checked.
#include "check.h"

__global__ void atomics(int *v, unsigned *u, int *olds, int n) {
  int g = blockIdx.x * blockDim.x + threadIdx.x;
  if (g >= n) return;
  olds[g] = atomicAdd(&v[0], 1);            // the olds are a permutation of 0..n-1
  atomicSub(&v[1], g);
  atomicMin(&v[2], (g * 7919) % 100003 - 50000);
  atomicMax(&v[3], (g * 7919) % 100003 - 50000);
  atomicAnd(&u[0], ~(1u << (g % 32)) | (g % 64 < 32 ? 0u : 0xffffffffu));
  atomicOr(&u[1], 1u << (g % 29));
  atomicXor(&u[2], (unsigned)g);
  atomicExch(&v[4 + g % 4], g);             // some thread's id ends up there
  int old = v[8], assumed;                  // CAS loop: increment by 2
  do {
    assumed = old;
    old = atomicCAS(&v[8], assumed, assumed + 2);
  } while (old != assumed);
  atomicInc(&u[3], 99);                     // counts modulo 100
  atomicDec(&u[4], 49);                     // from 10 down, wrapping to 49
  atomicAdd(&u[5 + g % 3], (unsigned)g);    // per-address sums
}

int main() {
  const int n = 100000;
  int hv[9] = {0, 0, INT32_MAX, INT32_MIN, -1, -1, -1, -1, 0};
  unsigned hu[8] = {0xffffffffu, 0, 0, 0, 10, 0, 0, 0};
  int *dv, *dolds;
  unsigned *du;
  CUDA_CHECK(cudaMalloc(&dv, sizeof hv));
  CUDA_CHECK(cudaMalloc(&du, sizeof hu));
  CUDA_CHECK(cudaMalloc(&dolds, n * sizeof(int)));
  CUDA_CHECK(cudaMemcpy(dv, hv, sizeof hv, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(du, hu, sizeof hu, cudaMemcpyHostToDevice));
  atomics<<<(n + 255) / 256, 256>>>(dv, du, dolds, n);
  LAUNCH_CHECK();
  int rv[9], *olds = (int *)malloc(n * 4);
  unsigned ru[8];
  CUDA_CHECK(cudaMemcpy(rv, dv, sizeof rv, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(ru, du, sizeof ru, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(olds, dolds, n * 4, cudaMemcpyDeviceToHost));

  long long sub = 0;
  int mn = INT32_MAX, mx = INT32_MIN;
  unsigned andv = 0xffffffffu, orv = 0, xorv = 0, inc = 0, dec = 10;
  unsigned long long sums[3] = {0, 0, 0};
  for (int g = 0; g < n; g++) {
    sub -= g;
    int x = (g * 7919) % 100003 - 50000;
    mn = x < mn ? x : mn;
    mx = x > mx ? x : mx;
    andv &= ~(1u << (g % 32)) | (g % 64 < 32 ? 0u : 0xffffffffu);
    orv |= 1u << (g % 29);
    xorv ^= (unsigned)g;
    inc = inc >= 99 ? 0 : inc + 1;
    dec = (dec == 0 || dec > 49) ? 49 : dec - 1;
    sums[g % 3] += (unsigned)g;
  }
  EXPECT(rv[0] == n, "atomicAdd %d", rv[0]);
  EXPECT(rv[1] == (int)sub, "atomicSub %d vs %lld", rv[1], sub);
  EXPECT(rv[2] == mn, "atomicMin %d vs %d", rv[2], mn);
  EXPECT(rv[3] == mx, "atomicMax %d vs %d", rv[3], mx);
  EXPECT(ru[0] == andv, "atomicAnd %08x vs %08x", ru[0], andv);
  EXPECT(ru[1] == orv, "atomicOr %08x vs %08x", ru[1], orv);
  EXPECT(ru[2] == xorv, "atomicXor %08x vs %08x", ru[2], xorv);
  for (int i = 0; i < 4; i++)
    EXPECT(rv[4 + i] >= 0 && rv[4 + i] < n && rv[4 + i] % 4 == i, "atomicExch [%d] = %d", i, rv[4 + i]);
  EXPECT(rv[8] == 2 * n, "atomicCAS loop %d", rv[8]);
  EXPECT(ru[3] == inc, "atomicInc %u vs %u", ru[3], inc);
  EXPECT(ru[4] == dec, "atomicDec %u vs %u", ru[4], dec);
  for (int i = 0; i < 3; i++) EXPECT(ru[5 + i] == (unsigned)sums[i], "sum %d %u", i, ru[5 + i]);
  char *seen = (char *)calloc(n, 1);
  for (int g = 0; g < n; g++) {
    bool ok = olds[g] >= 0 && olds[g] < n && !seen[olds[g]];
    EXPECT(ok, "atomicAdd returned %d twice or out of range", olds[g]);
    if (ok) seen[olds[g]] = 1;
  }
  return check_finish("atomics_int");
}
