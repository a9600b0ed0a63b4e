// Device memcpy/memset: calls to memcpy and memset with run-time sizes (lowered to loops
// or calls), struct assignment copies, and zero-initialised local aggregates.
#include <cstring>

struct Record {
  int id;
  char name[20];
  double score[3];
};

__global__ void copy_records(const Record *in, Record *out, int n, int bytes) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  Record r = in[i];
  r.id += 1;
  memset(r.name + 10, 0, 10);
  out[i] = r;
  char buf[64];
  memset(buf, i & 0xff, sizeof buf);
  memcpy((char *)&out[i] + 4, buf, bytes < 16 ? bytes : 16);
}

__global__ void bulk(unsigned char *dst, const unsigned char *src, size_t len) {
  size_t chunk = len / gridDim.x;
  memcpy(dst + blockIdx.x * chunk, src + blockIdx.x * chunk, chunk);
  if (blockIdx.x == 0) memset(dst + gridDim.x * chunk, 0xAB, len - gridDim.x * chunk);
}
