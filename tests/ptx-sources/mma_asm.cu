// Inline-asm tensor-core instructions: ldmatrix and mma.sync m16n8k8 (sm_75+) and
// m16n8k16 f16/bf16 and m16n8k32 s8 (sm_80+), the way hand-tuned GEMMs write them.
#include <cuda_fp16.h>
#include <cstdint>

__global__ void mma_m16n8k8(const half *A, const half *B, float *C) {
  __shared__ __align__(16) half sa[16 * 8];
  __shared__ __align__(16) half sb[8 * 8];
  int lane = threadIdx.x & 31;
  for (int t = lane; t < 128; t += 32) sa[t] = A[t];
  for (int t = lane; t < 64; t += 32) sb[t] = B[t];
  __syncwarp();
  uint32_t a0, a1, b0;
  uint32_t sa_addr = (uint32_t)__cvta_generic_to_shared(&sa[(lane % 16) * 8]);
  asm volatile("ldmatrix.sync.aligned.m8n8.x2.shared.b16 {%0, %1}, [%2];" : "=r"(a0), "=r"(a1) : "r"(sa_addr));
  uint32_t sb_addr = (uint32_t)__cvta_generic_to_shared(&sb[(lane % 8) * 8]);
  asm volatile("ldmatrix.sync.aligned.m8n8.x1.trans.shared.b16 {%0}, [%1];" : "=r"(b0) : "r"(sb_addr));
  float c0 = 0.f, c1 = 0.f, c2 = 0.f, c3 = 0.f;
  asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5}, {%6}, {%0,%1,%2,%3};"
               : "+f"(c0), "+f"(c1), "+f"(c2), "+f"(c3)
               : "r"(a0), "r"(a1), "r"(b0));
  C[lane * 4 + 0] = c0;
  C[lane * 4 + 1] = c1;
  C[lane * 4 + 2] = c2;
  C[lane * 4 + 3] = c3;
}

__global__ void mma_m16n8k16(const uint32_t *A, const uint32_t *B, float *C, int *I) {
#if __CUDA_ARCH__ >= 800
  int lane = threadIdx.x & 31;
  uint32_t a[4], b[2];
  for (int k = 0; k < 4; k++) a[k] = A[lane * 4 + k];
  for (int k = 0; k < 2; k++) b[k] = B[lane * 2 + k];
  float c[4] = {0.f, 0.f, 0.f, 0.f};
  asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
               : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
  asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
               : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
  int d[4] = {0, 0, 0, 0};
  asm volatile("mma.sync.aligned.m16n8k32.row.col.s32.s8.s8.s32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
               : "+r"(d[0]), "+r"(d[1]), "+r"(d[2]), "+r"(d[3])
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
  for (int k = 0; k < 4; k++) {
    C[lane * 4 + k] = c[k];
    I[lane * 4 + k] = d[k];
  }
#endif
}
