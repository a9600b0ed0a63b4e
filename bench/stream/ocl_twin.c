/* The nearest peer: runs the same kernel (kernels.cl) through OpenCL on PoCL's CPU device,
 * timed like the CUDA twin (enqueue + finish). Usage: ocl_twin triad|vector_add KERNELS.cl [N] */
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <string.h>
#include "bench_common.h"

#define CHECK_CL(call)                                                                    \
  do {                                                                                    \
    cl_int e_ = (call);                                                                   \
    if (e_ != CL_SUCCESS) {                                                               \
      printf("ocl_twin: %s failed: %d\n", #call, e_);                                     \
      return 1;                                                                           \
    }                                                                                     \
  } while (0)

int main(int argc, char **argv) {
  if (argc < 3) {
    printf("usage: ocl_twin triad|vector_add KERNELS.cl [N]\n");
    return 2;
  }
  const char *name = argv[1];
  int triad = strcmp(name, "triad") == 0;
  int n = argc > 3 ? atoi(argv[3]) : (1 << 24);
  size_t bytes = (size_t)n * sizeof(float);
  FILE *f = fopen(argv[2], "rb");
  if (!f) {
    printf("ocl_twin: cannot open %s\n", argv[2]);
    return 1;
  }
  static char src[1 << 16];
  size_t srclen = fread(src, 1, sizeof src - 1, f);
  fclose(f);
  const char *srcp = src;

  cl_platform_id platform;
  cl_device_id device;
  cl_int err;
  CHECK_CL(clGetPlatformIDs(1, &platform, NULL));
  CHECK_CL(clGetDeviceIDs(platform, CL_DEVICE_TYPE_CPU, 1, &device, NULL));
  cl_context ctx = clCreateContext(NULL, 1, &device, NULL, NULL, &err);
  CHECK_CL(err);
  cl_command_queue q = clCreateCommandQueue(ctx, device, 0, &err);
  CHECK_CL(err);
  cl_program prog = clCreateProgramWithSource(ctx, 1, &srcp, &srclen, &err);
  CHECK_CL(err);
  CHECK_CL(clBuildProgram(prog, 1, &device, "-cl-std=CL1.2", NULL, NULL));
  cl_kernel k = clCreateKernel(prog, name, &err);
  CHECK_CL(err);

  float *h = malloc(bytes);
  for (int i = 0; i < n; i++) h[i] = (float)(i % 1000);
  cl_mem a = clCreateBuffer(ctx, CL_MEM_READ_WRITE, bytes, NULL, &err);
  CHECK_CL(err);
  cl_mem b = clCreateBuffer(ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, bytes, h, &err);
  CHECK_CL(err);
  cl_mem c = clCreateBuffer(ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, bytes, h, &err);
  CHECK_CL(err);
  float s = 3.0f;
  if (triad) { /* a = b + s*c */
    CHECK_CL(clSetKernelArg(k, 0, sizeof a, &a));
    CHECK_CL(clSetKernelArg(k, 1, sizeof b, &b));
    CHECK_CL(clSetKernelArg(k, 2, sizeof c, &c));
    CHECK_CL(clSetKernelArg(k, 3, sizeof s, &s));
    CHECK_CL(clSetKernelArg(k, 4, sizeof n, &n));
  } else { /* a = b + c, written to the first buffer like triad */
    CHECK_CL(clSetKernelArg(k, 0, sizeof b, &b));
    CHECK_CL(clSetKernelArg(k, 1, sizeof c, &c));
    CHECK_CL(clSetKernelArg(k, 2, sizeof a, &a));
    CHECK_CL(clSetKernelArg(k, 3, sizeof n, &n));
  }
  size_t local = 256, global = ((size_t)n + local - 1) / local * local;
  double ms[BENCH_REPS];
  for (int r = -1; r < BENCH_REPS; r++) {
    double t0 = bench_now_ms();
    CHECK_CL(clEnqueueNDRangeKernel(q, k, 1, NULL, &global, &local, 0, NULL, NULL));
    CHECK_CL(clFinish(q));
    if (r >= 0) ms[r] = bench_now_ms() - t0;
  }
  CHECK_CL(clEnqueueReadBuffer(q, a, CL_TRUE, 0, bytes, h, 0, NULL, NULL));
  for (int i = 0; i < n; i++) {
    float want = (float)(i % 1000) * (triad ? 4.0f : 2.0f);
    if (h[i] != want) {
      printf("ocl_twin: wrong result at %d: %f vs %f\n", i, h[i], want);
      return 1;
    }
  }
  bench_report(name, ms, BENCH_REPS, 3.0 * bytes);
  return 0;
}
