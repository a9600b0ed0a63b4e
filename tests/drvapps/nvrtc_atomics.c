// NVRTC with atomics (the simpleAtomicIntrinsics_nvrtc pattern): every thread applies
// atomicAdd/Sub/Exch/Max/Min/Inc/Dec/CAS/And/Or/Xor and float/double atomicAdd to a few
// global words; the host checks the totals that do not depend on the order.
#include "drvapps_nvrtc.h"

static const char *src =
    "extern \"C\" __global__ void atomics(int *g, unsigned *u, float *f, double *d) {\n"
    "  unsigned tid = blockDim.x * blockIdx.x + threadIdx.x;\n"
    "  atomicAdd(&g[0], 10);\n"
    "  atomicSub(&g[1], 10);\n"
    "  atomicExch(&g[2], (int)tid);\n"
    "  atomicMax(&g[3], (int)tid);\n"
    "  atomicMin(&g[4], (int)tid);\n"
    "  atomicInc(&u[0], 17);\n"
    "  atomicDec(&u[1], 137);\n"
    "  atomicCAS(&g[5], (int)(tid - 1), (int)tid);\n"
    "  atomicAnd(&g[6], 2 * tid + 7);\n"
    "  atomicOr(&g[7], 1 << (tid % 31));\n"
    "  atomicXor(&g[8], tid);\n"
    "  atomicAdd(&f[0], 0.5f);\n"
    "  atomicAdd(&d[0], 0.25);\n"
    "  __shared__ int s;\n"
    "  if (threadIdx.x == 0) s = 0;\n"
    "  __syncthreads();\n"
    "  atomicAdd(&s, 1);\n"
    "  __syncthreads();\n"
    "  if (threadIdx.x == 0) atomicAdd(&g[9], s);\n"
    "}\n";

int main(void) {
  const char *opts[] = {"--gpu-architecture=compute_80"};
  char *ptx = nvrtc_ptx(src, "atomics.cu", 1, opts);
  CUcontext ctx = drv_setup(NULL);
  CUmodule mod;
  CUfunction f;
  CU(cuModuleLoadData(&mod, ptx));
  CU(cuModuleGetFunction(&f, mod, "atomics"));
  enum { BLOCKS = 64, THREADS = 256, N = BLOCKS * THREADS };
  int g[10] = {0, 0, 0, 0, 0x7fffffff, 0, 0xff, 0, 0xff, 0};
  unsigned u[2] = {0, 0};
  float fl = 0;
  double db = 0;
  CUdeviceptr dg, du, df, dd;
  CU(cuMemAlloc(&dg, sizeof g));
  CU(cuMemAlloc(&du, sizeof u));
  CU(cuMemAlloc(&df, 4));
  CU(cuMemAlloc(&dd, 8));
  CU(cuMemcpyHtoD(dg, g, sizeof g));
  CU(cuMemcpyHtoD(du, u, sizeof u));
  CU(cuMemcpyHtoD(df, &fl, 4));
  CU(cuMemcpyHtoD(dd, &db, 8));
  void *args[] = {&dg, &du, &df, &dd};
  CU(cuLaunchKernel(f, BLOCKS, 1, 1, THREADS, 1, 1, 0, NULL, args, NULL));
  CU(cuCtxSynchronize());
  CU(cuMemcpyDtoH(g, dg, sizeof g));
  CU(cuMemcpyDtoH(u, du, sizeof u));
  CU(cuMemcpyDtoH(&fl, df, 4));
  CU(cuMemcpyDtoH(&db, dd, 8));
  EXPECT(g[0] == 10 * N);
  EXPECT(g[1] == -10 * N);
  EXPECT(g[2] >= 0 && g[2] < N);
  EXPECT(g[3] == N - 1);
  EXPECT(g[4] == 0);
  EXPECT(u[0] == N % 18);  // wraps to 0 after 17
  // atomicDec from 0 wraps to 137, then counts down: N steps over a cycle of 138.
  EXPECT(u[1] == (unsigned)((138 - N % 138) % 138));
  EXPECT(g[5] >= 1);  // a chain of CAS from 0: at least thread 1 succeeded
  int and_ref = 0xff, xor_ref = 0xff;
  for (int t = 0; t < N; t++) and_ref &= 2 * t + 7, xor_ref ^= t;
  EXPECT(g[6] == and_ref);
  EXPECT(g[7] == 0x7fffffff);
  EXPECT(g[8] == xor_ref);
  EXPECT(fl == 0.5f * N);
  EXPECT(db == 0.25 * N);
  EXPECT(g[9] == N);
  CU(cuModuleUnload(mod));
  CU(cuCtxDestroy(ctx));
  free(ptx);
  return drv_finish();
}
