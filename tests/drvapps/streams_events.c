// Streams and events through the driver API: cuEventRecord / cuEventElapsedTime around a
// kernel (time > 0, ordered), cuStreamQuery / cuEventQuery, cuLaunchHostFunc and
// cuStreamAddCallback running in stream order after the kernels before them, and
// cuStreamWaitEvent ordering work between two streams.
// GEN: k.ptx: -ptx -arch=compute_80 kernels/drv_kernels.cu
#include <pthread.h>
#include "drvapps.h"

static int order[16], norder;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int *g_host; /* mapped pinned memory: the kernels write it, host functions read it */

static void CUDA_CB host_fn(void *user) {
  // Stream order: the kernel before this has finished, so its result is visible.
  // Host functions may not call CUDA; they read the mapped memory the kernel wrote.
  int v = g_host[0];
  pthread_mutex_lock(&lock);
  order[norder++] = (int)(intptr_t)user * 1000 + v;
  pthread_mutex_unlock(&lock);
}

static void CUDA_CB callback(CUstream s, CUresult status, void *user) {
  pthread_mutex_lock(&lock);
  order[norder++] = (int)(intptr_t)user * 1000 + (status == CUDA_SUCCESS ? 1 : 0);
  pthread_mutex_unlock(&lock);
}

int main(void) {
  CUcontext ctx = drv_setup(NULL);
  CUmodule mod;
  CUfunction busy, add1;
  CU(cuModuleLoad(&mod, drv_path("k.ptx")));
  CU(cuModuleGetFunction(&busy, mod, "busy"));
  CU(cuModuleGetFunction(&add1, mod, "addOne"));
  CUstream s1, s2;
  CU(cuStreamCreate(&s1, CU_STREAM_NON_BLOCKING));
  CU(cuStreamCreate(&s2, CU_STREAM_DEFAULT));
  CUevent e0, e1, e2, dis;
  CU(cuEventCreate(&e0, CU_EVENT_DEFAULT));
  CU(cuEventCreate(&e1, CU_EVENT_BLOCKING_SYNC));
  CU(cuEventCreate(&e2, CU_EVENT_DEFAULT));
  CU(cuEventCreate(&dis, CU_EVENT_DISABLE_TIMING));

  CUdeviceptr d;
  CU(cuMemAlloc(&d, 256 * 4));
  CU(cuMemsetD32(d, 0, 256));
  int iters = 2000000;
  void *bargs[] = {&d, &iters};
  CU(cuEventRecord(e0, s1));
  CU(cuLaunchKernel(busy, 1, 1, 1, 64, 1, 1, 0, s1, bargs, NULL));
  CU(cuEventRecord(e1, s1));
  CU(cuEventRecord(dis, s1));
  CU(cuEventSynchronize(e1));
  EXPECT_RES(cuEventQuery(e1), CUDA_SUCCESS);
  float ms = -1;
  CU(cuEventElapsedTime(&ms, e0, e1));
  printf("busy kernel: %.3f ms\n", ms);
  EXPECT(ms > 0);
  EXPECT_RES(cuEventElapsedTime(&ms, e0, dis), CUDA_ERROR_INVALID_HANDLE);
  CU(cuEventRecord(e2, s1));
  CU(cuEventSynchronize(e2));
  float back = 0;
  CU(cuEventElapsedTime(&back, e2, e0));
  EXPECT(back <= 0);

  // Host functions and callbacks in stream order on s1: 0 -> +1 -> host(1) -> +1 -> cb,
  // on mapped pinned memory.
  void *hp;
  CUdeviceptr dp;
  CU(cuMemHostAlloc(&hp, 256 * 4, CU_MEMHOSTALLOC_DEVICEMAP));
  CU(cuMemHostGetDevicePointer(&dp, hp, 0));
  memset(hp, 0, 256 * 4);
  g_host = hp;
  int n = 256;
  void *aargs[] = {&dp, &n};
  CU(cuLaunchKernel(add1, 1, 1, 1, 256, 1, 1, 0, s1, aargs, NULL));
  CU(cuLaunchHostFunc(s1, host_fn, (void *)(intptr_t)1));
  CU(cuLaunchKernel(add1, 1, 1, 1, 256, 1, 1, 0, s1, aargs, NULL));
  CU(cuStreamAddCallback(s1, callback, (void *)(intptr_t)2, 0));
  CU(cuLaunchHostFunc(s1, host_fn, (void *)(intptr_t)3));
  CU(cuStreamSynchronize(s1));
  EXPECT_RES(cuStreamQuery(s1), CUDA_SUCCESS);
  EXPECT(norder == 3);
  EXPECT(order[0] == 1001);
  EXPECT(order[1] == 2001);
  EXPECT(order[2] == 3002);
  EXPECT_RES(cuStreamAddCallback(s1, callback, NULL, 1), CUDA_ERROR_INVALID_VALUE); // flags must be 0

  // s2 waits for an event recorded on s1 after a long kernel: s2's +1 sees its result.
  CU(cuMemsetD32(d, 0, 256));
  CU(cuLaunchKernel(busy, 1, 1, 1, 64, 1, 1, 0, s1, bargs, NULL));
  CU(cuEventRecord(e1, s1));
  CU(cuStreamWaitEvent(s2, e1, 0));
  int one = 1;
  void *a1[] = {&d, &one};
  CU(cuLaunchKernel(add1, 1, 1, 1, 1, 1, 1, 0, s2, a1, NULL));
  CU(cuStreamSynchronize(s2));
  int h[64];
  CU(cuMemcpyDtoH(h, d, sizeof h));
  // busy's result for thread 0 from v=0, plus one.
  int v = 0;
  for (int i = 0; i < iters; i++) v = (int)((unsigned)v * 1103515245u + 12345u);
  EXPECT(h[0] == v + 1);
  EXPECT(h[1] == v);
  CU(cuMemFreeHost(hp));
  CU(cuStreamDestroy(s1));
  CU(cuStreamDestroy(s2));
  CU(cuEventDestroy(e0));
  CU(cuEventDestroy(e1));
  CU(cuEventDestroy(e2));
  CU(cuEventDestroy(dis));
  EXPECT_RES(cuEventQuery(e0), CUDA_ERROR_INVALID_HANDLE);
  CU(cuCtxDestroy(ctx));
  return drv_finish();
}
