// Device printf output appears at the synchronization that follows the kernel: between the
// host's own lines (flushed) printed before and after, and in launch order across kernels.
// The program captures its stdout in a temporary file to check the exact text.
#include "check.h"

#include <unistd.h>

__global__ void say(int v) {
  if (threadIdx.x == 0 && blockIdx.x == 0) printf("device %d\n", v);
}

int main() {
  fflush(stdout);
  char path[] = "/tmp/printf_order_XXXXXX";
  int fd = mkstemp(path);
  int saved = dup(1);
  dup2(fd, 1);
  printf("host 1\n");
  fflush(stdout);
  say<<<4, 64>>>(2);
  cudaError_t e1 = cudaDeviceSynchronize();
  printf("host 3\n");
  fflush(stdout);
  say<<<1, 32>>>(4);
  say<<<2, 32>>>(5);
  cudaError_t e2 = cudaDeviceSynchronize();
  printf("host 6\n");
  fflush(stdout);
  dup2(saved, 1);
  close(saved);
  EXPECT(e1 == cudaSuccess && e2 == cudaSuccess, "synchronize: %s %s", cudaGetErrorName(e1),
         cudaGetErrorName(e2));
  char buf[256] = {0};
  FILE *f = fopen(path, "r");
  size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
  if (f) fclose(f);
  unlink(path);
  buf[n] = 0;
  const char *want = "host 1\ndevice 2\nhost 3\ndevice 4\ndevice 5\nhost 6\n";
  EXPECT(strcmp(buf, want) == 0, "output was:\n%s", buf);
  return check_finish("printf_order");
}
