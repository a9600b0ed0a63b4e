// Vector memory access of narrow and wide elements: uchar2/4, ushort4, ulonglong2 and
// uint4 loads and stores in global, shared, local and const space, __ldg on uint4, float4
// loads partly used (used_bytes_mask pragmas), 16-bit integer arithmetic, and cube textures.
#include <cstdint>

__constant__ ushort2 const_pairs[16];

__global__ void narrow_vec(const uchar4 *a, const ushort4 *b, const ulonglong2 *c, const uint4 *d, uchar2 *oa,
                           ushort4 *ob, ulonglong2 *oc, uint4 *od, int n) {
  __shared__ uint4 su[64];
  __shared__ ushort2 sh[64];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  uchar4 x = a[i];
  ushort4 y = b[i];
  ulonglong2 z = c[i];
  uint4 w = __ldg(&d[i]);
  su[threadIdx.x & 63] = w;
  sh[threadIdx.x & 63] = make_ushort2(y.x, y.w);
  __syncthreads();
  uint4 u = su[(threadIdx.x + 1) & 63];
  ushort2 h = sh[(threadIdx.x + 3) & 63];
  ushort2 cp = const_pairs[i & 15];
  unsigned char local_bytes[4] = {x.x, x.y, x.z, x.w};
  uchar4 lb = *reinterpret_cast<uchar4 *>(local_bytes);
  oa[i] = make_uchar2(lb.x + lb.w, lb.y ^ lb.z);
  ob[i] = make_ushort4(y.x - h.x, y.y >> 3, (unsigned short)(y.z * cp.x), y.w < h.y ? cp.y : h.y);
  oc[i] = make_ulonglong2(z.x + u.x, ~z.y);
  od[i] = make_uint4(u.x, u.y + w.y, u.z, w.w);
}

__global__ void partial_use(const float4 *in, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float4 v = in[i];
    out[i] = v.x + v.z;  // only two components of the vector load are used
  }
}

__global__ void short_math(const short *a, const unsigned short *b, short *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  short x = a[i];
  unsigned short y = b[i];
  short r = (short)(x - (short)y);
  r = (short)(r >> 2);
  if ((unsigned short)r < y) r = (short)(r * 3);
  out[i] = r;
}

__global__ void cube(cudaTextureObject_t t, float4 *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = texCubemap<float4>(t, 1.0f, (float)i / n - 0.5f, 0.25f);
}
