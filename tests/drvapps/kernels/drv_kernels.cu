// Kernels of the driver-API programs, compiled at test time by the runner (nvcc -ptx,
// -fatbin, -cubin) so the programs load files nvcc 13 really emits.
#define BLOCK 16

extern "C" __global__ void vecAdd(const float *a, const float *b, float *c, int n) {
  int i = blockDim.x * blockIdx.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}

// matrixMulDrv's kernel: C = A * B with BLOCK x BLOCK tiles in shared memory.
extern "C" __global__ void matrixMul(float *C, const float *A, const float *B, int wA, int wB) {
  __shared__ float As[BLOCK][BLOCK];
  __shared__ float Bs[BLOCK][BLOCK];
  int bx = blockIdx.x, by = blockIdx.y, tx = threadIdx.x, ty = threadIdx.y;
  int aBegin = wA * BLOCK * by, aEnd = aBegin + wA - 1, bBegin = BLOCK * bx;
  float sum = 0;
  for (int a = aBegin, b = bBegin; a <= aEnd; a += BLOCK, b += BLOCK * wB) {
    As[ty][tx] = A[a + wA * ty + tx];
    Bs[ty][tx] = B[b + wB * ty + tx];
    __syncthreads();
    for (int k = 0; k < BLOCK; ++k) sum += As[ty][k] * Bs[k][tx];
    __syncthreads();
  }
  C[wB * BLOCK * by + BLOCK * bx + wB * ty + tx] = sum;
}

// Uses dynamic shared memory and a fixed static array so cuFuncGetAttribute has something
// to report.
extern "C" __global__ void sharedUser(float *out) {
  __shared__ float stat[256];
  extern __shared__ float dyn[];
  int t = threadIdx.x;
  stat[t] = t;
  dyn[t] = 2 * t;
  __syncthreads();
  out[blockIdx.x * blockDim.x + t] = stat[blockDim.x - 1 - t] + dyn[t];
}

// Writes a 2D pitched array: p[y][x] = base + y * 1000 + x.
extern "C" __global__ void fill2D(float *p, size_t pitch, int w, int h, float base) {
  int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x < w && y < h) ((float *)((char *)p + y * pitch))[x] = base + y * 1000 + x;
}

extern "C" __global__ void addOne(int *p, int n) {
  int i = blockDim.x * blockIdx.x + threadIdx.x;
  if (i < n) p[i] += 1;
}

// Spins for a while so that events measure something and callbacks run after it.
extern "C" __global__ void busy(int *p, int iters) {
  int v = p[threadIdx.x];
  for (int i = 0; i < iters; ++i) v = v * 1103515245 + 12345;
  p[threadIdx.x] = v;
}
