// Local memory: per-thread arrays indexed by run-time values (spilled to .local), arrays of
// structs, large stack frames, and address-taken locals passed to noinline functions.
struct Pair {
  int key;
  float value;
};

__device__ __noinline__ void fill(int *a, int n, int seed) {
  for (int k = 0; k < n; k++) a[k] = (seed * 1103515245 + k * 12345) & 1023;
}

__device__ __noinline__ void bump(float *p) { *p += 1.0f; }

__global__ void local_sort(const int *seeds, int *out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int a[32];
  fill(a, 32, seeds[i]);
  for (int x = 1; x < 32; x++) {
    int v = a[x], y = x - 1;
    while (y >= 0 && a[y] > v) {
      a[y + 1] = a[y];
      y--;
    }
    a[y + 1] = v;
  }
  out[i] = a[seeds[i] & 31];
}

__global__ void local_structs(const int *keys, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  Pair pairs[16];
  for (int k = 0; k < 16; k++) pairs[k] = {keys[(i + k) % n], k * 0.5f};
  float total = 0.0f;
  bump(&total);
  double big[128];
  for (int k = 0; k < 128; k++) big[k] = k * (double)i;
  for (int k = 0; k < 16; k++) total += pairs[pairs[k].key & 15].value;
  out[i] = total + (float)big[keys[i] & 127];
}
