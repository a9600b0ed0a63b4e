// Kernel parameter passing: many scalar parameters of mixed sizes and alignment, pointer
// arrays inside structs, parameters whose address is taken (copied to local), and
// a 4 KiB parameter block.
struct PtrTable {
  float *ptrs[8];
  int counts[8];
};

struct Huge {
  int data[1000];
};

__global__ void mixed(char c, short s, int i, long long l, float f, double d, unsigned char uc, bool b,
                      unsigned long long ul, float2 f2, double *out) {
  out[threadIdx.x] = c + s + i + l + f + d + uc + b + ul + f2.x + f2.y;
}

__global__ void table(PtrTable t, int which) {
  int k = which & 7;
  for (int j = threadIdx.x; j < t.counts[k]; j += blockDim.x) t.ptrs[k][j] *= 2.0f;
}

__device__ __noinline__ int sum_through_pointer(const int *p, int n) {
  int s = 0;
  for (int k = 0; k < n; k++) s += p[k];
  return s;
}

__global__ void address_taken(int a, int b, int *out) {
  int vals[2] = {a, b};
  out[threadIdx.x] = sum_through_pointer(&a, 1) + sum_through_pointer(vals, 2);
}

__global__ void huge_param(Huge h, int *out) {
  out[threadIdx.x] = h.data[threadIdx.x % 1000] + h.data[999 - threadIdx.x % 1000];
}
