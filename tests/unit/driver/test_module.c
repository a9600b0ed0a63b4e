/* Driver API: modules from PTX text, kernels launched through cuLaunchKernel (arguments
 * by kernelParams and by `extra`), configuration errors, sticky faults, bad PTX.
 * Parts that need the code generator are skipped, with a note, while a build reports
 * CUDA_ERROR_NOT_SUPPORTED for them. */
#include <cuda.h>
#include <stdint.h>
#include <string.h>

#include "test.h"

static const char vec_add_ptx[] =
    ".version 8.0\n"
    ".target sm_80\n"
    ".address_size 64\n"
    "\n"
    ".visible .global .align 4 .u32 counter = 7;\n"
    "\n"
    ".visible .entry vec_add(\n"
    "\t.param .u64 vec_add_param_0,\n"
    "\t.param .u64 vec_add_param_1,\n"
    "\t.param .u64 vec_add_param_2,\n"
    "\t.param .u32 vec_add_param_3\n"
    ")\n"
    "{\n"
    "\t.reg .pred \t%p<2>;\n"
    "\t.reg .f32 \t%f<4>;\n"
    "\t.reg .b32 \t%r<6>;\n"
    "\t.reg .b64 \t%rd<11>;\n"
    "\n"
    "\tld.param.u64 \t%rd1, [vec_add_param_0];\n"
    "\tld.param.u64 \t%rd2, [vec_add_param_1];\n"
    "\tld.param.u64 \t%rd3, [vec_add_param_2];\n"
    "\tld.param.u32 \t%r2, [vec_add_param_3];\n"
    "\tmov.u32 \t%r3, %ctaid.x;\n"
    "\tmov.u32 \t%r4, %ntid.x;\n"
    "\tmov.u32 \t%r5, %tid.x;\n"
    "\tmad.lo.s32 \t%r1, %r3, %r4, %r5;\n"
    "\tsetp.ge.s32 \t%p1, %r1, %r2;\n"
    "\t@%p1 bra \t$L__BB0_2;\n"
    "\tcvta.to.global.u64 \t%rd4, %rd1;\n"
    "\tmul.wide.s32 \t%rd5, %r1, 4;\n"
    "\tadd.s64 \t%rd6, %rd4, %rd5;\n"
    "\tcvta.to.global.u64 \t%rd7, %rd2;\n"
    "\tadd.s64 \t%rd8, %rd7, %rd5;\n"
    "\tld.global.f32 \t%f1, [%rd8];\n"
    "\tld.global.f32 \t%f2, [%rd6];\n"
    "\tadd.f32 \t%f3, %f2, %f1;\n"
    "\tcvta.to.global.u64 \t%rd9, %rd3;\n"
    "\tadd.s64 \t%rd10, %rd9, %rd5;\n"
    "\tst.global.f32 \t[%rd10], %f3;\n"
    "$L__BB0_2:\n"
    "\tret;\n"
    "}\n"
    "\n"
    ".visible .entry store_one(\n"
    "\t.param .u64 store_one_param_0\n"
    ")\n"
    "{\n"
    "\t.reg .b32 \t%r<2>;\n"
    "\t.reg .b64 \t%rd<2>;\n"
    "\tld.param.u64 \t%rd1, [store_one_param_0];\n"
    "\tmov.u32 \t%r1, 1;\n"
    "\tst.global.u32 \t[%rd1], %r1;\n"
    "\tret;\n"
    "}\n";

static void skip(const char *what, CUresult r) {
  const char *name = NULL;
  cuGetErrorName(r, &name);
  fprintf(stderr, "  skipped: %s (%s in this build)\n", what, name ? name : "?");
}

TEST(module_vec_add) {
  cuInit(0);
  CUcontext ctx = NULL;
  CHECK_EQ_INT(cuCtxCreate(&ctx, NULL, 0, 0), CUDA_SUCCESS);
  CUmodule mod = NULL;
  CUresult r = cuModuleLoadData(&mod, vec_add_ptx);
  if (r == CUDA_ERROR_NOT_SUPPORTED) {
    skip("module loading", r);
    cuCtxDestroy(ctx);
    return;
  }
  CHECK_EQ_INT(r, CUDA_SUCCESS);
  if (r != CUDA_SUCCESS) return;
  CUfunction f = NULL, g = NULL, none = NULL;
  CHECK_EQ_INT(cuModuleGetFunction(&f, mod, "vec_add"), CUDA_SUCCESS);
  CHECK_EQ_INT(cuModuleGetFunction(&g, mod, "store_one"), CUDA_SUCCESS);
  CHECK_EQ_INT(cuModuleGetFunction(&none, mod, "no_such_kernel"), CUDA_ERROR_NOT_FOUND);
  int v = 0;
  CHECK_EQ_INT(cuFuncGetAttribute(&v, CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, f), CUDA_SUCCESS);
  CHECK_EQ_INT(v, 1024);
  CHECK_EQ_INT(cuFuncGetAttribute(&v, CU_FUNC_ATTRIBUTE_PTX_VERSION, f), CUDA_SUCCESS);
  CHECK_EQ_INT(v, 80);
  CHECK_EQ_INT(cuFuncGetAttribute(&v, CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES, f), CUDA_SUCCESS);
  CHECK_EQ_INT(v, 0);
  size_t off = 99, size = 0;
  CHECK_EQ_INT(cuFuncGetParamInfo(f, 3, &off, &size), CUDA_SUCCESS);
  CHECK_EQ_INT(off, 24);
  CHECK_EQ_INT(size, 4);

  enum { N = 1000 };
  float a[N], b[N], c[N];
  for (int i = 0; i < N; i++) a[i] = (float)i, b[i] = 0.5f * (float)i, c[i] = -1;
  CUdeviceptr da, db, dc;
  CHECK_EQ_INT(cuMemAlloc(&da, sizeof a), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemAlloc(&db, sizeof b), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemAlloc(&dc, sizeof c), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemcpyHtoD(da, a, sizeof a), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemcpyHtoD(db, b, sizeof b), CUDA_SUCCESS);
  int n = N;
  void *params[] = {&da, &db, &dc, &n};

  /* Configuration errors come before any code is generated. */
  CHECK_EQ_INT(cuLaunchKernel(f, 1, 1, 1, 1025, 1, 1, 0, NULL, params, NULL), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuLaunchKernel(f, 1, 1, 1, 1, 1, 65, 0, NULL, params, NULL), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuLaunchKernel(f, 1, 65536, 1, 32, 1, 1, 0, NULL, params, NULL), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuLaunchKernel(f, 0, 1, 1, 32, 1, 1, 0, NULL, params, NULL), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuLaunchKernel(f, 1, 1, 1, 32, 1, 1, 49 * 1024, NULL, params, NULL), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuLaunchKernel(f, 1, 1, 1, 32, 1, 1, 0, NULL, NULL, NULL), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuFuncSetAttribute(f, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, 300 * 1024),
               CUDA_ERROR_INVALID_VALUE);

  r = cuLaunchKernel(f, (N + 127) / 128, 1, 1, 128, 1, 1, 0, NULL, params, NULL);
  if (r == CUDA_ERROR_NOT_SUPPORTED) {
    skip("kernel launch", r);
    cuCtxDestroy(ctx);
    return;
  }
  CHECK_EQ_INT(r, CUDA_SUCCESS);
  CHECK_EQ_INT(cuCtxSynchronize(), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemcpyDtoH(c, dc, sizeof c), CUDA_SUCCESS);
  int wrong = 0;
  for (int i = 0; i < N; i++) wrong += c[i] != a[i] + b[i];
  CHECK_EQ_INT(wrong, 0);

  /* The same through `extra`: one buffer laid out as the parameters are. */
  CHECK_EQ_INT(cuMemsetD32(dc, 0, N), CUDA_SUCCESS);
  struct {
    CUdeviceptr a, b, c;
    int n;
  } buf = {da, db, dc, 100};
  size_t buf_size = sizeof buf;
  void *extra[] = {CU_LAUNCH_PARAM_BUFFER_POINTER, &buf, CU_LAUNCH_PARAM_BUFFER_SIZE, &buf_size,
                   CU_LAUNCH_PARAM_END};
  CHECK_EQ_INT(cuLaunchKernel(f, 4, 1, 1, 32, 1, 1, 0, NULL, NULL, extra), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemcpyDtoH(c, dc, sizeof c), CUDA_SUCCESS);
  CHECK(c[99] == a[99] + b[99]);
  CHECK(c[100] == 0.0f); /* n = 100 stops there */

  /* Module variables are device memory with their initial value. */
  CUdeviceptr counter = 0;
  size_t counter_size = 0;
  CHECK_EQ_INT(cuModuleGetGlobal(&counter, &counter_size, mod, "counter"), CUDA_SUCCESS);
  CHECK_EQ_INT(counter_size, 4);
  unsigned cv = 0;
  CHECK_EQ_INT(cuMemcpyDtoH(&cv, counter, 4), CUDA_SUCCESS);
  CHECK_EQ_INT(cv, 7);
  void *gparams[] = {&counter};
  CHECK_EQ_INT(cuLaunchKernel(g, 1, 1, 1, 1, 1, 1, 0, NULL, gparams, NULL), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemcpyDtoH(&cv, counter, 4), CUDA_SUCCESS);
  CHECK_EQ_INT(cv, 1);
  CHECK_EQ_INT(cuModuleGetGlobal(&counter, &counter_size, mod, "nothing"), CUDA_ERROR_NOT_FOUND);

  /* A fault is sticky: the launch is accepted, every later call reports it. */
  CUdeviceptr bad = 16;
  void *bparams[] = {&bad};
  CHECK_EQ_INT(cuLaunchKernel(g, 1, 1, 1, 1, 1, 1, 0, NULL, bparams, NULL), CUDA_SUCCESS);
  CHECK_EQ_INT(cuCtxSynchronize(), CUDA_ERROR_ILLEGAL_ADDRESS);
  CUdeviceptr more = 0;
  CHECK_EQ_INT(cuMemAlloc(&more, 16), CUDA_ERROR_ILLEGAL_ADDRESS);
  CHECK_EQ_INT(cuLaunchKernel(f, 1, 1, 1, 32, 1, 1, 0, NULL, params, NULL), CUDA_ERROR_ILLEGAL_ADDRESS);
  CHECK_EQ_INT(cuCtxDestroy(ctx), CUDA_SUCCESS);
  CHECK_EQ_INT(cuCtxCreate(&ctx, NULL, 0, 0), CUDA_SUCCESS);
  CHECK_EQ_INT(cuMemAlloc(&more, 16), CUDA_SUCCESS);
  CHECK_EQ_INT(cuModuleGetFunction(&f, mod, "vec_add"), CUDA_ERROR_INVALID_HANDLE); /* unloaded */
  CHECK_EQ_INT(cuCtxDestroy(ctx), CUDA_SUCCESS);
}

TEST(module_bad_input) {
  cuInit(0);
  CUcontext ctx = NULL;
  CHECK_EQ_INT(cuCtxCreate(&ctx, NULL, 0, 0), CUDA_SUCCESS);
  CUmodule mod = NULL;
  CHECK_EQ_INT(cuModuleLoadData(&mod, NULL), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuModuleLoadData(NULL, vec_add_ptx), CUDA_ERROR_INVALID_VALUE);
  static const char syntax[] = ".version 8.0\n.target sm_80\n.address_size 64\n"
                               ".visible .entry k()\n{\n\tfrobnicate.u32 %r1;\n\tret;\n}\n";
  CUresult r = cuModuleLoadData(&mod, syntax);
  if (r == CUDA_ERROR_NOT_SUPPORTED) {
    skip("PTX errors", r);
  } else {
    CHECK_EQ_INT(r, CUDA_ERROR_INVALID_PTX);
    /* A type error only the verifier sees. */
    static const char types[] = ".version 8.0\n.target sm_80\n.address_size 64\n"
                                ".visible .entry k()\n{\n\t.reg .f32 %f<2>;\n\t.reg .b32 %r<2>;\n"
                                "\tadd.u32 %r1, %f1, %r1;\n\tret;\n}\n";
    CHECK_EQ_INT(cuModuleLoadData(&mod, types), CUDA_ERROR_INVALID_PTX);
  }
  /* Tiny and empty images: an error, no read past the end. */
  CHECK(cuModuleLoadData(&mod, "") != CUDA_SUCCESS);
  CHECK(cuModuleLoadData(&mod, "\xb1") != CUDA_SUCCESS);
  CHECK_EQ_INT(cuModuleLoad(&mod, "/nonexistent/file.ptx"), CUDA_ERROR_FILE_NOT_FOUND);
  CHECK_EQ_INT(cuModuleUnload(NULL), CUDA_ERROR_INVALID_HANDLE);
  CHECK_EQ_INT(cuCtxDestroy(ctx), CUDA_SUCCESS);
}

TEST(module_jit_error_log) {
  cuInit(0);
  CUcontext ctx = NULL;
  CHECK_EQ_INT(cuCtxCreate(&ctx, NULL, 0, 0), CUDA_SUCCESS);
  static const char bad[] = ".version 8.0\n.target sm_80\n.address_size 64\n"
                            ".visible .entry k()\n{\n\tfrobnicate.u32 %r1;\n\tret;\n}\n";
  char err[512];
  memset(err, 'x', sizeof err);
  CUjit_option opts[] = {CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *vals[] = {err, (void *)(uintptr_t)sizeof err};
  CUmodule mod = NULL;
  CUresult r = cuModuleLoadDataEx(&mod, bad, 2, opts, vals);
  if (r == CUDA_ERROR_NOT_SUPPORTED) {
    skip("PTX errors", r);
  } else {
    CHECK_EQ_INT(r, CUDA_ERROR_INVALID_PTX);
    CHECK(strstr(err, "unknown instruction 'frobnicate'") != NULL);
    size_t used = (size_t)(uintptr_t)vals[1];
    CHECK(used == strlen(err) + 1);
  }
  /* A tiny buffer is filled and terminated, never overrun. */
  char tiny[8];
  memset(tiny, 'x', sizeof tiny);
  void *tvals[] = {tiny, (void *)(uintptr_t)4};
  r = cuModuleLoadDataEx(&mod, bad, 2, opts, tvals);
  if (r != CUDA_ERROR_NOT_SUPPORTED) {
    CHECK_EQ_INT(tiny[3], 0);
    CHECK_EQ_INT(tiny[4], 'x');
  }
  CHECK_EQ_INT(cuCtxDestroy(ctx), CUDA_SUCCESS);
}

TEST(module_link_single_input) {
  cuInit(0);
  CUcontext ctx = NULL;
  CHECK_EQ_INT(cuCtxCreate(&ctx, NULL, 0, 0), CUDA_SUCCESS);
  CUlinkState link = NULL;
  CHECK_EQ_INT(cuLinkCreate(0, NULL, NULL, &link), CUDA_SUCCESS);
  void *cubin = NULL;
  size_t size = 0;
  CHECK_EQ_INT(cuLinkComplete(link, &cubin, &size), CUDA_ERROR_INVALID_VALUE); /* nothing added */
  CHECK_EQ_INT(cuLinkAddData(link, CU_JIT_INPUT_PTX, (void *)vec_add_ptx, sizeof vec_add_ptx, "vec_add.ptx",
                             0, NULL, NULL),
               CUDA_SUCCESS);
  /* The same unit twice defines vec_add twice: the link fails. A cubin is GPU machine code. */
  CUlinkState twice = NULL;
  CHECK_EQ_INT(cuLinkCreate(0, NULL, NULL, &twice), CUDA_SUCCESS);
  for (int i = 0; i < 2; i++)
    CHECK_EQ_INT(cuLinkAddData(twice, CU_JIT_INPUT_PTX, (void *)vec_add_ptx, sizeof vec_add_ptx, "again.ptx", 0,
                               NULL, NULL),
                 CUDA_SUCCESS);
  CHECK_EQ_INT(cuLinkComplete(twice, &cubin, &size), CUDA_ERROR_INVALID_PTX);
  CHECK_EQ_INT(cuLinkDestroy(twice), CUDA_SUCCESS);
  CHECK_EQ_INT(cuLinkAddData(link, CU_JIT_INPUT_CUBIN, (void *)vec_add_ptx, 8, "x.cubin", 0, NULL, NULL),
               CUDA_ERROR_NOT_SUPPORTED);
  CHECK_EQ_INT(cuLinkComplete(link, &cubin, &size), CUDA_SUCCESS);
  CHECK(cubin != NULL && size > 0);
  CUmodule mod = NULL;
  CUresult r = cuModuleLoadData(&mod, cubin);
  if (r == CUDA_ERROR_NOT_SUPPORTED) {
    skip("module loading", r);
  } else {
    CHECK_EQ_INT(r, CUDA_SUCCESS);
    CUfunction f = NULL;
    CHECK_EQ_INT(cuModuleGetFunction(&f, mod, "vec_add"), CUDA_SUCCESS);
    CHECK_EQ_INT(cuModuleUnload(mod), CUDA_SUCCESS);
  }
  CHECK_EQ_INT(cuLinkDestroy(link), CUDA_SUCCESS);
  CHECK_EQ_INT(cuLinkDestroy(link), CUDA_ERROR_INVALID_HANDLE);
  CHECK_EQ_INT(cuCtxDestroy(ctx), CUDA_SUCCESS);
}
