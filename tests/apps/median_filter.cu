// A 3x3 / 5x5 median filter as in HeCBench's median-filter codes and the CUDA sample
// bilateral-style image filters: each thread copies its window into a per-thread local
// array (dynamic indexing: local memory), sorts it with an insertion sort, and takes the
// middle. Also a recursive device function (quickselect) over the same local array.
#include "apps.h"

template <int R>
__global__ void median(const unsigned char *in, unsigned char *out, int w, int h) {
  const int N = (2 * R + 1) * (2 * R + 1);
  int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  unsigned char win[N];
  int k = 0;
  for (int dy = -R; dy <= R; dy++)
    for (int dx = -R; dx <= R; dx++) {
      int xx = min(max(x + dx, 0), w - 1), yy = min(max(y + dy, 0), h - 1);
      win[k++] = in[yy * w + xx];
    }
  for (int i = 1; i < N; i++) {
    unsigned char v = win[i];
    int j = i - 1;
    while (j >= 0 && win[j] > v) {
      win[j + 1] = win[j];
      j--;
    }
    win[j + 1] = v;
  }
  out[y * w + x] = win[N / 2];
}

// Recursive quickselect on a local array: calls with a real call stack.
__device__ int select_kth(int *a, int lo, int hi, int k) {
  if (lo == hi) return a[lo];
  int pivot = a[(lo + hi) / 2], i = lo, j = hi;
  while (i <= j) {
    while (a[i] < pivot) i++;
    while (a[j] > pivot) j--;
    if (i <= j) {
      int t = a[i]; a[i] = a[j]; a[j] = t;
      i++; j--;
    }
  }
  if (k <= j) return select_kth(a, lo, j, k);
  if (k >= i) return select_kth(a, i, hi, k);
  return a[k];
}

__global__ void median_select(const int *in, int *out, int n, int len) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= n) return;
  int a[31];
  for (int i = 0; i < len; i++) a[i] = in[t * len + i];
  out[t] = select_kth(a, 0, len - 1, len / 2);
}

template <int R>
static void check(const unsigned char *img, int w, int h) {
  unsigned char *din, *dout, *out = (unsigned char *)malloc(w * h);
  CUDA_CHECK(cudaMalloc(&din, w * h));
  CUDA_CHECK(cudaMalloc(&dout, w * h));
  CUDA_CHECK(cudaMemcpy(din, img, w * h, cudaMemcpyHostToDevice));
  dim3 t(16, 16), g((w + 15) / 16, (h + 15) / 16);
  median<R><<<g, t>>>(din, dout, w, h);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(out, dout, w * h, cudaMemcpyDeviceToHost));
  const int N = (2 * R + 1) * (2 * R + 1);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      int cnt[256] = {0};
      for (int dy = -R; dy <= R; dy++)
        for (int dx = -R; dx <= R; dx++) {
          int xx = x + dx < 0 ? 0 : x + dx >= w ? w - 1 : x + dx;
          int yy = y + dy < 0 ? 0 : y + dy >= h ? h - 1 : y + dy;
          cnt[img[yy * w + xx]]++;
        }
      int acc = 0, m = 0;
      for (m = 0; m < 256; m++) {
        acc += cnt[m];
        if (acc > N / 2) break;
      }
      EXPECT(out[y * w + x] == m, "R=%d (%d,%d) = %d, want %d", R, x, y, out[y * w + x], m);
    }
  cudaFree(din); cudaFree(dout); free(out);
}

int main() {
  const int w = 300, h = 200;
  unsigned char *img = (unsigned char *)malloc(w * h);
  uint32_t seed = 9;
  for (int i = 0; i < w * h; i++) {
    uint32_t r = app_rand(&seed);
    img[i] = (r % 10 == 0) ? (unsigned char)((r >> 8) & 1 ? 255 : 0) : (unsigned char)(100 + (i % w) / 4);  // salt & pepper
  }
  check<1>(img, w, h);
  check<2>(img, w, h);
  const int n = 5000, len = 31;
  int *v = (int *)malloc(n * len * 4), *res = (int *)malloc(n * 4), *dv, *dr;
  for (int i = 0; i < n * len; i++) v[i] = (int)(app_rand(&seed) % 1000);
  CUDA_CHECK(cudaMalloc(&dv, n * len * 4));
  CUDA_CHECK(cudaMalloc(&dr, n * 4));
  CUDA_CHECK(cudaMemcpy(dv, v, n * len * 4, cudaMemcpyHostToDevice));
  median_select<<<(n + 127) / 128, 128>>>(dv, dr, n, len);
  LAUNCH_CHECK();
  CUDA_CHECK(cudaMemcpy(res, dr, n * 4, cudaMemcpyDeviceToHost));
  for (int t = 0; t < n; t++) {
    int cnt[1000] = {0}, acc = 0, m;
    for (int i = 0; i < len; i++) cnt[v[t * len + i]]++;
    for (m = 0; m < 1000; m++) {
      acc += cnt[m];
      if (acc > len / 2) break;
    }
    EXPECT(res[t] == m, "quickselect %d = %d, want %d", t, res[t], m);
  }
  cudaFree(dv); cudaFree(dr); free(v); free(res); free(img);
  return app_finish("median_filter");
}
