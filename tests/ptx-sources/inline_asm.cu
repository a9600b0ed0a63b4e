// Inline PTX with constraints: "r" "l" "f" "d" "h" "c"-free forms, outputs, read-write
// operands, memory clobbers, predicates built inside asm blocks, and special registers.
#include <cstdint>

__device__ __forceinline__ unsigned laneid() {
  unsigned r;
  asm volatile("mov.u32 %0, %%laneid;" : "=r"(r));
  return r;
}

__device__ __forceinline__ uint64_t globaltimer() {
  uint64_t t;
  asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t));
  return t;
}

__device__ __forceinline__ unsigned bfe(unsigned x, unsigned pos, unsigned len) {
  unsigned r;
  asm("bfe.u32 %0, %1, %2, %3;" : "=r"(r) : "r"(x), "r"(pos), "r"(len));
  return r;
}

__device__ __forceinline__ int min3(int a, int b, int c) {
  int r;
  asm("{\n\t.reg .s32 t;\n\tmin.s32 t, %1, %2;\n\tmin.s32 %0, t, %3;\n\t}" : "=r"(r) : "r"(a), "r"(b), "r"(c));
  return r;
}

__device__ __forceinline__ int select_if_less(int a, int b) {
  int r;
  asm("{\n\t.reg .pred p;\n\tsetp.lt.s32 p, %1, %2;\n\tselp.s32 %0, %1, %2, p;\n\t}" : "=r"(r) : "r"(a), "r"(b));
  return r;
}

__global__ void asm_kernel(const float *x, double *d, unsigned short *h, int *out, unsigned long long *t) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float f = x[i], g;
  asm("add.rn.ftz.f32 %0, %1, %1;" : "=f"(g) : "f"(f));
  double dd;
  asm("fma.rn.f64 %0, %1, %2, %3;" : "=d"(dd) : "d"((double)g), "d"(2.0), "d"(d[i]));
  unsigned short hh = h[i];
  asm("add.u16 %0, %0, 1;" : "+h"(hh));
  int acc = i;
  asm volatile("add.s32 %0, %0, %1;" : "+r"(acc) : "n"(42));
  unsigned v;
  asm volatile("ld.global.nc.u32 %0, [%1];" : "=r"(v) : "l"(out + i) : "memory");
  asm volatile("st.global.cg.u32 [%0], %1;" ::"l"(out + i + 1024), "r"(v + 1) : "memory");
  asm volatile("membar.gl;" ::: "memory");
  unsigned sm, warp, nsm;
  asm("mov.u32 %0, %%smid;" : "=r"(sm));
  asm("mov.u32 %0, %%warpid;" : "=r"(warp));
  asm("mov.u32 %0, %%nsmid;" : "=r"(nsm));
  d[i] = dd;
  h[i] = hh;
  out[i] = acc + (int)bfe(v, 4, 8) + min3(i, acc, (int)v) + select_if_less(acc, i) + (int)laneid() + (int)(sm + warp + nsm);
  if (i == 0) *t = globaltimer();
}
