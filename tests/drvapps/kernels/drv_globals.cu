// Module globals of func_attributes.c, in a file of their own. Their 8-character names
// (devScale, devTable) once tripped codegen's globals map (fixed; test_globals.c).
__device__ int devScale;
__device__ float devTable[4];
__constant__ float constBias;

extern "C" __global__ void scaleByGlobals(float *out, const float *in, int n) {
  int i = blockDim.x * blockIdx.x + threadIdx.x;
  if (i < n) out[i] = in[i] * devScale + devTable[i & 3] + constBias;
}

