// The OpenCL twins of triad.cu and vector_add.cu, run on PoCL by ocl_twin.c.
__kernel void triad(__global float *a, __global const float *b, __global const float *c,
                    float s, int n) {
  int i = get_global_id(0);
  if (i < n) a[i] = b[i] + s * c[i];
}

__kernel void vector_add(__global const float *a, __global const float *b, __global float *c,
                         int n) {
  int i = get_global_id(0);
  if (i < n) c[i] = a[i] + b[i];
}
