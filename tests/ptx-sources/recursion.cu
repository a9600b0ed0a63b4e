// Recursive device functions: factorial, Fibonacci, Ackermann-style deep recursion,
// mutual recursion and recursion with a local array, all needing a real call stack.
// ROUNDTRIP: VARIANT -G
__device__ unsigned long long factorial(int n) { return n <= 1 ? 1ull : n * factorial(n - 1); }

__device__ int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

__device__ bool is_odd(unsigned n);
__device__ bool is_even(unsigned n) { return n == 0 ? true : is_odd(n - 1); }
__device__ bool is_odd(unsigned n) { return n == 0 ? false : is_even(n - 1); }

__device__ int quicksort_depth(int *a, int lo, int hi, int depth) {
  if (lo >= hi) return depth;
  int pivot = a[(lo + hi) / 2], i = lo, j = hi;
  while (i <= j) {
    while (a[i] < pivot) i++;
    while (a[j] > pivot) j--;
    if (i <= j) {
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
      i++;
      j--;
    }
  }
  int d1 = quicksort_depth(a, lo, j, depth + 1);
  int d2 = quicksort_depth(a, i, hi, depth + 1);
  return d1 > d2 ? d1 : d2;
}

__device__ float tree_sum(const float *v, int lo, int hi) {
  if (hi - lo == 1) return v[lo];
  int mid = (lo + hi) / 2;
  float local[2];
  local[0] = tree_sum(v, lo, mid);
  local[1] = tree_sum(v, mid, hi);
  return local[0] + local[1];
}

__global__ void recursive(const int *n, unsigned long long *out, const float *v, float *s) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int a[16];
  for (int k = 0; k < 16; k++) a[k] = (k * 7919 + i) % 16;
  out[i] = factorial(n[i] & 15) + fib(n[i] & 15) + is_even(n[i]) + quicksort_depth(a, 0, 15, 0);
  s[i] = tree_sum(v, 0, 1 + (n[i] & 31));
}
