// __device__ globals: scalars, arrays, structs, pointers initialised to other globals'
// addresses (generic() initialisers), extern-less linkage, and globals written by kernels.
struct Vec3 {
  float x, y, z;
};
__device__ int counter;
__device__ float weights[64];
__device__ Vec3 origin = {1.0f, 2.0f, 3.0f};
__device__ Vec3 points[4] = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
__device__ int *counter_ptr = &counter;
__device__ Vec3 *point_ptrs[2] = {&points[1], &points[3]};
__device__ const char greeting[] = "hello, ptxvm";
__device__ double dtable[3] = {1.5, -2.25, 3.125e-300};
__device__ unsigned char bytes[5] = {1, 2, 3, 250, 255};
__device__ short shorts[3] = {-1, 32767, -32768};
static __device__ int file_local = 5;

__global__ void use_globals(float *out) {
  int i = threadIdx.x;
  atomicAdd(counter_ptr, 1);
  weights[i & 63] += origin.x * i;
  Vec3 p = *point_ptrs[i & 1];
  out[i] = weights[i & 63] + p.x + p.y * 2 + p.z * 3 + greeting[i % 12] + (float)dtable[i % 3] + bytes[i % 5] +
           shorts[i % 3] + file_local;
  if (i == 0) file_local++;
}

__global__ void read_counter(int *out) { *out = counter; }
