// Function pointers: tables of __device__ functions indexed at run time (indirect calls
// with a prototype), pointers passed as kernel arguments, and pointers returned by functions.
typedef float (*UnaryOp)(float);
typedef int (*BinOp)(int, int);

__device__ float op_square(float x) { return x * x; }
__device__ float op_negate(float x) { return -x; }
__device__ float op_half(float x) { return x * 0.5f; }
__device__ int op_add(int a, int b) { return a + b; }
__device__ int op_mul(int a, int b) { return a * b; }
__device__ int op_xor(int a, int b) { return a ^ b; }

__device__ UnaryOp unary_table[] = {op_square, op_negate, op_half};
__constant__ BinOp binary_table[3] = {op_add, op_mul, op_xor};
__device__ UnaryOp selected_op = op_half;

__device__ BinOp pick(int k) { return binary_table[k % 3]; }

__global__ void apply_unary(const float *in, float *out, const int *which, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = unary_table[which[i] % 3](in[i]) + selected_op(in[i]);
}

__global__ void apply_binary(const int *a, const int *b, int *out, int op, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  BinOp f = pick(op + i);
  if (i < n) out[i] = f(a[i], b[i]);
}

__global__ void apply_passed(UnaryOp f, float *data, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) data[i] = f(data[i]);
}

__global__ void get_op_address(UnaryOp *out) { *out = op_square; }
