// Device printf: every conversion CUDA supports, from several threads and blocks. The
// program captures its own stdout (a temporary file on fd 1), synchronizes, and checks the
// lines (sorted: CUDA does not order output across threads) against the expected text.
#include "check.h"

#include <string>
#include <unistd.h>
#include <vector>
#include <algorithm>

__global__ void say(const char *word) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  printf("thread %d of block %d: %s %c %5.2f|%-4d|%04x|%lld|%llu|%e|%g|%p|%o|%%\n", t, blockIdx.x,
         word, 'a' + t, t * 0.25, t, t * 255, -1234567890123ll * (t + 1), 18446744073709551615ull,
         1.5e-10, 100000.0 * t, (void *)0x1234, 8 + t);
}

__global__ void count_args(int *out) { out[0] = printf("%d %f %s\n", 1, 2.0, "three"); }

int main() {
  char *word;
  CUDA_CHECK(cudaMalloc(&word, 16));
  CUDA_CHECK(cudaMemcpy(word, "hello", 6, cudaMemcpyHostToDevice));
  int *dcount, count = -1;
  CUDA_CHECK(cudaMalloc(&dcount, sizeof(int)));

  fflush(stdout);
  char path[] = "/tmp/device_printf_XXXXXX";
  int fd = mkstemp(path);
  int saved = dup(1);
  dup2(fd, 1);
  say<<<2, 3>>>(word);
  cudaError_t e1 = cudaDeviceSynchronize();
  count_args<<<1, 1>>>(dcount);
  cudaError_t e2 = cudaDeviceSynchronize();
  fflush(stdout);
  dup2(saved, 1);
  close(saved);

  EXPECT(e1 == cudaSuccess && e2 == cudaSuccess, "synchronize: %s %s", cudaGetErrorName(e1),
         cudaGetErrorName(e2));
  CUDA_CHECK(cudaMemcpy(&count, dcount, sizeof count, cudaMemcpyDeviceToHost));
  EXPECT(count == 3, "printf returned %d, CUDA returns the number of arguments (3)", count);

  FILE *f = fopen(path, "r");
  std::vector<std::string> lines;
  char buf[512];
  while (f && fgets(buf, sizeof buf, f)) lines.push_back(buf);
  if (f) fclose(f);
  unlink(path);
  std::vector<std::string> want;
  for (int t = 0; t < 6; t++) {
    char line[512];
    snprintf(line, sizeof line,
             "thread %d of block %d: hello %c %5.2f|%-4d|%04x|%lld|%llu|%e|%g|%p|%o|%%\n", t, t / 3,
             'a' + t, t * 0.25, t, t * 255, -1234567890123ll * (t + 1), 18446744073709551615ull,
             1.5e-10, 100000.0 * t, (void *)0x1234, 8 + t);
    want.push_back(line);
  }
  want.push_back("1 2.000000 three\n");
  std::sort(lines.begin(), lines.end());
  std::sort(want.begin(), want.end());
  EXPECT(lines.size() == want.size(), "%zu lines instead of %zu", lines.size(), want.size());
  for (size_t i = 0; i < lines.size() && i < want.size(); i++)
    EXPECT(lines[i] == want[i], "line %zu:\n  got  %s  want %s", i, lines[i].c_str(), want[i].c_str());
  return check_finish("device_printf");
}
