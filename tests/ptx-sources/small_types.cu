// Narrow integer types: char/short/bool arithmetic with promotion, u8/s8/u16 loads and
// stores, sign/zero extension, saturating clamps to uint8, and packed byte manipulation.
__global__ void narrow(const signed char *a, const unsigned char *b, const short *c, const unsigned short *d,
                       unsigned char *out8, short *out16, bool *flags, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  int v = a[i] * b[i] + c[i] - d[i];
  out8[i] = (unsigned char)min(max(v, 0), 255);
  out16[i] = (short)(a[i] << 4) ^ (short)(d[i] >> 3);
  flags[i] = (a[i] < 0) != (c[i] < 0);
  signed char sc = (signed char)(b[i] + 100);
  unsigned short us = (unsigned short)(c[i] * 3);
  if (flags[i]) out16[i] += sc + (short)us;
}

__global__ void rgba_to_gray(const uchar4 *rgba, unsigned char *gray, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  uchar4 p = rgba[i];
  float g = 0.299f * p.x + 0.587f * p.y + 0.114f * p.z;
  gray[i] = (unsigned char)__float2uint_rn(__saturatef(g / 255.0f) * 255.0f);
}
