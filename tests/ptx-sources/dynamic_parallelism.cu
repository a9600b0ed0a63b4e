// Dynamic parallelism (CDP2, -rdc=true): kernels launching kernels through
// __cudaCDP2GetParameterBufferV2/__cudaCDP2LaunchDeviceV2, device-side streams, and
// recursion through launches, as the census programs that use it do.
// ROUNDTRIP: FLAGS -rdc=true
__global__ void child(int *data, int offset, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) data[offset + i] += 1;
}

__global__ void quick_split(int *data, int lo, int hi, int depth) {
  if (hi - lo < 32 || depth > 4) {
    for (int i = lo + threadIdx.x; i < hi; i += blockDim.x) data[i] *= 2;
    return;
  }
  int mid = (lo + hi) / 2;
  if (threadIdx.x == 0) {
    cudaStream_t s1, s2;
    cudaStreamCreateWithFlags(&s1, cudaStreamNonBlocking);
    cudaStreamCreateWithFlags(&s2, cudaStreamNonBlocking);
    quick_split<<<1, 64, 0, s1>>>(data, lo, mid, depth + 1);
    quick_split<<<1, 64, 0, s2>>>(data, mid, hi, depth + 1);
    cudaStreamDestroy(s1);
    cudaStreamDestroy(s2);
  }
}

__global__ void parent(int *data, int n) {
  if (threadIdx.x == 0 && blockIdx.x == 0) {
    child<<<(n + 127) / 128, 128>>>(data, 0, n);
    if (cudaGetLastError() != cudaSuccess) data[0] = -1;
  }
  __syncthreads();
  if (threadIdx.x == 0) {
    size_t shared = 0;
    child<<<dim3(1, 1, 1), dim3(32, 1, 1), shared, cudaStreamFireAndForget>>>(data, blockIdx.x, 1);
  }
}
