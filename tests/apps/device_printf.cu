// printf from device code as the CUDA samples simplePrintf and many HeCBench debugging
// paths use it: format specifiers for int, unsigned, long long, float (promoted to
// double), double, %s with a string literal, %c, %x, %p, width/precision, and calls from
// many threads and blocks. The program points its own fd 1 at a temporary file while the
// kernels run, then checks that every expected line appears exactly once.
#include "apps.h"
#include <string>
#include <unistd.h>
#include <set>
#include <map>

__global__ void hello(int value, float f, double d) {
  int tid = blockIdx.x * blockDim.x + threadIdx.x;
  printf("[%d, %d]:\tValue is:%d\n", blockIdx.x, threadIdx.x, value + tid);
  if (tid == 0) {
    printf("formats: %u %lld %x %o %c %s|%5d|%-5d|%05d|\n", 4000000000u, -1234567890123ll, 0xbeef, 8, 'Z', "text", 42, 42,
           42);
    printf("floats: %f %.3f %e %g %10.2f\n", f, f, d, d, (double)f);
  }
}

__global__ void conditional(const int *data, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n && data[i] < 0) printf("negative at %d: %d\n", i, data[i]);
}

int main() {
  fflush(stdout);
  char path[] = "/tmp/ptxvm_apps_printf_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) {
    printf("mkstemp failed\nFAILED\n");
    return 1;
  }
  int saved = dup(1);
  dup2(fd, 1);
  hello<<<2, 5>>>(10, 1.5f, 2.25e-3);
  cudaError_t e1 = cudaDeviceSynchronize();
  int h[200];
  for (int i = 0; i < 200; i++) h[i] = (i % 37 == 5) ? -i : i;
  int *d;
  cudaMalloc(&d, sizeof h);
  cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice);
  conditional<<<4, 64>>>(d, 200);
  cudaError_t e2 = cudaDeviceSynchronize();
  fflush(stdout);
  dup2(saved, 1);
  close(saved);
  CUDA_CHECK(e1);
  CUDA_CHECK(e2);

  std::string out;
  char buf[4096];
  ssize_t k;
  lseek(fd, 0, SEEK_SET);
  while ((k = read(fd, buf, sizeof buf)) > 0) out.append(buf, k);
  close(fd);
  unlink(path);

  std::map<std::string, int> lines;
  size_t pos = 0;
  while (pos < out.size()) {
    size_t nl = out.find('\n', pos);
    if (nl == std::string::npos) nl = out.size();
    lines[out.substr(pos, nl - pos)]++;
    pos = nl + 1;
  }
  std::set<std::string> want;
  for (int b = 0; b < 2; b++)
    for (int t = 0; t < 5; t++) {
      snprintf(buf, sizeof buf, "[%d, %d]:\tValue is:%d", b, t, 10 + b * 5 + t);
      want.insert(buf);
    }
  snprintf(buf, sizeof buf, "formats: %u %lld %x %o %c %s|%5d|%-5d|%05d|", 4000000000u, -1234567890123ll, 0xbeef, 8, 'Z',
           "text", 42, 42, 42);
  want.insert(buf);
  snprintf(buf, sizeof buf, "floats: %f %.3f %e %g %10.2f", 1.5, 1.5, 2.25e-3, 2.25e-3, 1.5);
  want.insert(buf);
  for (int i = 0; i < 200; i++)
    if (h[i] < 0) {
      snprintf(buf, sizeof buf, "negative at %d: %d", i, h[i]);
      want.insert(buf);
    }
  for (const std::string &w : want) EXPECT(lines[w] == 1, "line \"%s\" printed %d times", w.c_str(), lines[w]);
  EXPECT(lines.size() == want.size(), "%zu distinct lines printed, want %zu:\n%s", lines.size(), want.size(), out.c_str());
  cudaFree(d);
  return app_finish("device_printf");
}
