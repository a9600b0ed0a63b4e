// mma.sync and ldmatrix kernels for test_mma.c. Each lane builds its fragments from
// row-major A (M x K), B (K x N), C (M x N) in global memory at the positions the PTX ISA
// gives ("Matrix fragments for mma.m16n8k16" etc., g = lane/4, t = lane%4), runs one mma
// through inline PTX and writes D back by the same formula, so a wrong layout shows.
#include <cuda_fp16.h>
#include <stdint.h>

__device__ unsigned pack_h(half lo, half hi) {
  return (unsigned)__half_as_ushort(lo) | ((unsigned)__half_as_ushort(hi) << 16);
}

extern "C" __global__ void mma_f16_16816(const half *A, const half *B, const float *C, float *D) {
  int l = threadIdx.x, g = l >> 2, t = l & 3;
  unsigned a[4], b[2];
  float c[4], d[4];
  for (int i = 0; i < 4; i++) {
    int row0 = g + ((i & 1) ? 8 : 0), col0 = t * 2 + (i >= 2 ? 8 : 0);
    a[i] = pack_h(A[row0 * 16 + col0], A[row0 * 16 + col0 + 1]);
  }
  for (int i = 0; i < 2; i++) {
    int k0 = t * 2 + (i ? 8 : 0);
    b[i] = pack_h(B[k0 * 8 + g], B[(k0 + 1) * 8 + g]);
  }
  for (int i = 0; i < 4; i++) c[i] = C[(g + (i >= 2 ? 8 : 0)) * 8 + t * 2 + (i & 1)];
  asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%10,%11,%12,%13};"
               : "=f"(d[0]), "=f"(d[1]), "=f"(d[2]), "=f"(d[3])
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]), "f"(c[0]), "f"(c[1]), "f"(c[2]), "f"(c[3]));
  for (int i = 0; i < 4; i++) D[(g + (i >= 2 ? 8 : 0)) * 8 + t * 2 + (i & 1)] = d[i];
}

extern "C" __global__ void mma_s8_16832(const int8_t *A, const int8_t *B, const int *C, int *D) {
  int l = threadIdx.x, g = l >> 2, t = l & 3;
  unsigned a[4], b[2];
  int c[4], d[4];
  for (int r = 0; r < 4; r++) {
    int row = g + ((r & 1) ? 8 : 0), col = t * 4 + (r >= 2 ? 16 : 0);
    unsigned v = 0;
    for (int q = 0; q < 4; q++) v |= (unsigned)(uint8_t)A[row * 32 + col + q] << (8 * q);
    a[r] = v;
  }
  for (int r = 0; r < 2; r++) {
    unsigned v = 0;
    for (int q = 0; q < 4; q++) v |= (unsigned)(uint8_t)B[(t * 4 + q + (r ? 16 : 0)) * 8 + g] << (8 * q);
    b[r] = v;
  }
  for (int i = 0; i < 4; i++) c[i] = C[(g + (i >= 2 ? 8 : 0)) * 8 + t * 2 + (i & 1)];
  asm volatile("mma.sync.aligned.m16n8k32.row.col.s32.s8.s8.s32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%10,%11,%12,%13};"
               : "=r"(d[0]), "=r"(d[1]), "=r"(d[2]), "=r"(d[3])
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]), "r"(c[0]), "r"(c[1]), "r"(c[2]), "r"(c[3]));
  for (int i = 0; i < 4; i++) D[(g + (i >= 2 ? 8 : 0)) * 8 + t * 2 + (i & 1)] = d[i];
}

extern "C" __global__ void mma_f64_884(const double *A, const double *B, const double *C, double *D) {
  int l = threadIdx.x, g = l >> 2, t = l & 3;
  double a = A[g * 4 + t], b = B[t * 8 + g], c0 = C[g * 8 + t * 2], c1 = C[g * 8 + t * 2 + 1], d0, d1;
  asm volatile("mma.sync.aligned.m8n8k4.row.col.f64.f64.f64.f64 {%0,%1}, {%2}, {%3}, {%4,%5};"
               : "=d"(d0), "=d"(d1) : "d"(a), "d"(b), "d"(c0), "d"(c1));
  D[g * 8 + t * 2] = d0;
  D[g * 8 + t * 2 + 1] = d1;
}

extern "C" __global__ void mma_tf32_1688(const float *A, const float *B, const float *C, float *D) {
  int l = threadIdx.x, g = l >> 2, t = l & 3;
  unsigned a[4], b[2];
  float c[4], d[4];
  for (int i = 0; i < 4; i++) a[i] = __float_as_uint(A[(g + ((i & 1) ? 8 : 0)) * 8 + t + (i >= 2 ? 4 : 0)]);
  for (int i = 0; i < 2; i++) b[i] = __float_as_uint(B[(t + (i ? 4 : 0)) * 8 + g]);
  for (int i = 0; i < 4; i++) c[i] = C[(g + (i >= 2 ? 8 : 0)) * 8 + t * 2 + (i & 1)];
  asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%10,%11,%12,%13};"
               : "=f"(d[0]), "=f"(d[1]), "=f"(d[2]), "=f"(d[3])
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]), "f"(c[0]), "f"(c[1]), "f"(c[2]), "f"(c[3]));
  for (int i = 0; i < 4; i++) D[(g + (i >= 2 ? 8 : 0)) * 8 + t * 2 + (i & 1)] = d[i];
}

// ldmatrix.x4 (and .trans) from a 32 x 8 b16 tile in shared memory (four 8x8 matrices,
// matrix j = rows 8j..8j+7): out[(j*32 + lane)] = the register lane gets for matrix j.
extern "C" __global__ void ldm_x4(const unsigned short *in, unsigned *out, unsigned *out_t) {
  __shared__ unsigned short tile[32 * 8];
  int l = threadIdx.x;
  for (int i = l; i < 256; i += 32) tile[i] = in[i];
  __syncwarp();
  unsigned addr = (unsigned)__cvta_generic_to_shared(&tile[l * 8]);  // row l: matrix l/8, row l%8
  unsigned r0, r1, r2, r3;
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];" : "=r"(r0), "=r"(r1), "=r"(r2), "=r"(r3) : "r"(addr));
  out[l] = r0, out[32 + l] = r1, out[64 + l] = r2, out[96 + l] = r3;
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];" : "=r"(r0), "=r"(r1), "=r"(r2), "=r"(r3) : "r"(addr));
  out_t[l] = r0, out_t[32 + l] = r1, out_t[64 + l] = r2, out_t[96 + l] = r3;
  unsigned x1, x2a, x2b;
  asm volatile("ldmatrix.sync.aligned.m8n8.x1.shared.b16 {%0}, [%1];" : "=r"(x1) : "r"(addr));
  asm volatile("ldmatrix.sync.aligned.m8n8.x2.trans.shared.b16 {%0,%1}, [%2];" : "=r"(x2a), "=r"(x2b) : "r"(addr));
  out[128 + l] = x1, out_t[128 + l] = x2a, out_t[160 + l] = x2b;
}
