// Sparse matrix-vector product in CSR form, as in HeCBench spmv / SHOC: the scalar kernel
// (one thread per row) and the vector kernel (one warp per row, lanes stride the row,
// __shfl_down_sync reduction), on a matrix with very uneven row lengths (empty rows,
// long rows), in float and double.
#include "apps.h"

template <typename T>
__global__ void spmv_scalar(int rows, const int *rowPtr, const int *cols, const T *vals, const T *x, T *y) {
  int row = blockIdx.x * blockDim.x + threadIdx.x;
  if (row < rows) {
    T sum = 0;
    for (int j = rowPtr[row]; j < rowPtr[row + 1]; j++) sum += vals[j] * x[cols[j]];
    y[row] = sum;
  }
}

template <typename T>
__global__ void spmv_vector(int rows, const int *rowPtr, const int *cols, const T *vals, const T *x, T *y) {
  int warpId = (blockIdx.x * blockDim.x + threadIdx.x) / 32;
  int lane = threadIdx.x & 31;
  if (warpId >= rows) return;  // whole warps leave together
  T sum = 0;
  for (int j = rowPtr[warpId] + lane; j < rowPtr[warpId + 1]; j += 32) sum += vals[j] * __ldg(&x[cols[j]]);
  for (int o = 16; o > 0; o >>= 1) sum += __shfl_down_sync(0xffffffff, sum, o);
  if (lane == 0) y[warpId] = sum;
}

template <typename T>
static void run(const char *name, int rows, int cols_n, const int *rp, const int *ci, const double *vd,
                const double *xd) {
  int nnz = rp[rows];
  T *v = (T *)malloc(nnz * sizeof(T)), *x = (T *)malloc(cols_n * sizeof(T)), *y = (T *)malloc(rows * sizeof(T));
  for (int i = 0; i < nnz; i++) v[i] = (T)vd[i];
  for (int i = 0; i < cols_n; i++) x[i] = (T)xd[i];
  int *drp, *dci;
  T *dv, *dx, *dy;
  CUDA_CHECK(cudaMalloc(&drp, (rows + 1) * 4));
  CUDA_CHECK(cudaMalloc(&dci, nnz * 4));
  CUDA_CHECK(cudaMalloc(&dv, nnz * sizeof(T)));
  CUDA_CHECK(cudaMalloc(&dx, cols_n * sizeof(T)));
  CUDA_CHECK(cudaMalloc(&dy, rows * sizeof(T)));
  CUDA_CHECK(cudaMemcpy(drp, rp, (rows + 1) * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dci, ci, nnz * 4, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dv, v, nnz * sizeof(T), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dx, x, cols_n * sizeof(T), cudaMemcpyHostToDevice));
  double tol = sizeof(T) == 4 ? 1e-4 : 1e-12;
  for (int kind = 0; kind < 2; kind++) {
    CUDA_CHECK(cudaMemset(dy, 0xff, rows * sizeof(T)));
    if (kind == 0) spmv_scalar<T><<<(rows + 127) / 128, 128>>>(rows, drp, dci, dv, dx, dy);
    else spmv_vector<T><<<(rows * 32 + 255) / 256, 256>>>(rows, drp, dci, dv, dx, dy);
    LAUNCH_CHECK();
    CUDA_CHECK(cudaMemcpy(y, dy, rows * sizeof(T), cudaMemcpyDeviceToHost));
    for (int r = 0; r < rows; r++) {
      double s = 0, mag = 0;
      for (int j = rp[r]; j < rp[r + 1]; j++) {
        s += (double)v[j] * (double)x[ci[j]];
        mag += fabs((double)v[j] * (double)x[ci[j]]);
      }
      EXPECT(fabs((double)y[r] - s) <= tol * (1 + mag), "%s %s row %d (%d nnz): %g, want %g", name,
             kind ? "vector" : "scalar", r, rp[r + 1] - rp[r], (double)y[r], s);
    }
  }
  cudaFree(drp); cudaFree(dci); cudaFree(dv); cudaFree(dx); cudaFree(dy);
  free(v); free(x); free(y);
}

int main() {
  const int rows = 20000, cols = 15000;
  uint32_t seed = 3;
  int *rp = (int *)malloc((rows + 1) * 4);
  rp[0] = 0;
  for (int r = 0; r < rows; r++) {
    uint32_t k = app_rand(&seed) % 100;
    int len = k < 5 ? 0 : k < 90 ? 1 + (int)(app_rand(&seed) % 20) : 40 + (int)(app_rand(&seed) % 300);
    rp[r + 1] = rp[r] + len;
  }
  int nnz = rp[rows];
  int *ci = (int *)malloc(nnz * 4);
  double *vd = (double *)malloc(nnz * 8), *xd = (double *)malloc(cols * 8);
  for (int i = 0; i < nnz; i++) {
    ci[i] = app_rand(&seed) % cols;
    vd[i] = app_randf(&seed, -1, 1);
  }
  for (int i = 0; i < cols; i++) xd[i] = app_randf(&seed, -2, 2);
  run<float>("float", rows, cols, rp, ci, vd, xd);
  run<double>("double", rows, cols, rp, ci, vd, xd);
  free(rp); free(ci); free(vd); free(xd);
  return app_finish("spmv_csr");
}
