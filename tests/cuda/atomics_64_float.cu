// 64-bit and floating-point atomics in global and shared memory: unsigned long long
// atomicAdd/CAS/Max, float and double atomicAdd (values chosen so every partial sum is exact,
// making the result independent of the order), and a shared-memory float sum per block.
#include "check.h"

__global__ void global_atomics(unsigned long long *u64, float *f, double *d, int n) {
  int g = blockIdx.x * blockDim.x + threadIdx.x;
  if (g >= n) return;
  atomicAdd(&u64[0], (unsigned long long)g << 20);
  atomicMax(&u64[1], (unsigned long long)g * 0x100000001ull);
  unsigned long long old = u64[2], assumed;
  do { // 64-bit CAS loop that adds 3
    assumed = old;
    old = atomicCAS(&u64[2], assumed, assumed + 3);
  } while (old != assumed);
  atomicAdd(&f[0], 0.5f);
  atomicAdd(&f[1 + g % 2], (float)(g % 16));
  atomicAdd(&d[0], 0.25);
  atomicAdd(&d[1], (double)g);
}

__global__ void shared_atomics(float *fout, double *dout, unsigned long long *uout) {
  __shared__ float fs;
  __shared__ double ds;
  __shared__ unsigned long long us;
  if (threadIdx.x == 0) fs = 0, ds = 0, us = 0;
  __syncthreads();
  atomicAdd(&fs, (float)(threadIdx.x % 8));
  atomicAdd(&ds, threadIdx.x * 0.5);
  atomicAdd(&us, 1ull << 33);
  __syncthreads();
  if (threadIdx.x == 0) {
    fout[blockIdx.x] = fs;
    dout[blockIdx.x] = ds;
    uout[blockIdx.x] = us;
  }
}

int main() {
  const int n = 65537;
  unsigned long long hu[3] = {0, 0, 1}, ru[3], *du;
  float hf[3] = {0, 0, 0}, rf[3], *df;
  double hd[2] = {0, 0}, rd[2], *dd;
  CUDA_CHECK(cudaMalloc(&du, sizeof hu));
  CUDA_CHECK(cudaMalloc(&df, sizeof hf));
  CUDA_CHECK(cudaMalloc(&dd, sizeof hd));
  CUDA_CHECK(cudaMemcpy(du, hu, sizeof hu, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(df, hf, sizeof hf, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dd, hd, sizeof hd, cudaMemcpyHostToDevice));
  global_atomics<<<(n + 127) / 128, 128>>>(du, df, dd, n);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(ru, du, sizeof ru, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(rf, df, sizeof rf, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(rd, dd, sizeof rd, cudaMemcpyDeviceToHost));
  unsigned long long sum = 0;
  double f1 = 0, f2 = 0, dsum = 0;
  for (int g = 0; g < n; g++) {
    sum += (unsigned long long)g << 20;
    (g % 2 ? f2 : f1) += g % 16;
    dsum += g;
  }
  EXPECT(ru[0] == sum, "u64 add %llu vs %llu", ru[0], sum);
  EXPECT(ru[1] == (unsigned long long)(n - 1) * 0x100000001ull, "u64 max %llx", ru[1]);
  EXPECT(ru[2] == 1 + 3ull * n, "u64 CAS %llu", ru[2]);
  EXPECT(rf[0] == 0.5f * n, "float add %f", rf[0]);
  EXPECT(rf[1] == (float)f1 && rf[2] == (float)f2, "float adds %f %f vs %f %f", rf[1], rf[2], f1, f2);
  EXPECT(rd[0] == 0.25 * n, "double add %f", rd[0]);
  EXPECT(rd[1] == dsum, "double add %f vs %f", rd[1], dsum);

  const int blocks = 7, threads = 512;
  float *dfs, rfs[blocks];
  double *dds, rds[blocks];
  unsigned long long *dus, rus[blocks];
  CUDA_CHECK(cudaMalloc(&dfs, sizeof rfs));
  CUDA_CHECK(cudaMalloc(&dds, sizeof rds));
  CUDA_CHECK(cudaMalloc(&dus, sizeof rus));
  shared_atomics<<<blocks, threads>>>(dfs, dds, dus);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(rfs, dfs, sizeof rfs, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(rds, dds, sizeof rds, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(rus, dus, sizeof rus, cudaMemcpyDeviceToHost));
  for (int b = 0; b < blocks; b++) {
    EXPECT(rfs[b] == 28.0f * threads / 8, "shared float block %d: %f", b, rfs[b]);
    EXPECT(rds[b] == 0.5 * threads * (threads - 1) / 2, "shared double block %d: %f", b, rds[b]);
    EXPECT(rus[b] == (unsigned long long)threads << 33, "shared u64 block %d: %llx", b, rus[b]);
  }
  return check_finish("atomics_64_float");
}
