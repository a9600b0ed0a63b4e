// Warp shuffles: __shfl_sync / _up / _down / _xor on int, float, double and long long,
// with sub-warp widths and partial masks, as butterfly and scan patterns use them.
// ROUNDTRIP: VARIANT -lineinfo
__global__ void shuffles(const float *x, float *out, double *dout, long long *lout, int *iout) {
  unsigned lane = threadIdx.x & 31;
  float v = x[blockIdx.x * blockDim.x + threadIdx.x];
  float s = v;
  for (int off = 16; off > 0; off >>= 1) s += __shfl_xor_sync(0xffffffffu, s, off);
  float bc = __shfl_sync(0xffffffffu, v, 0);
  float up = __shfl_up_sync(0xffffffffu, v, 1);
  float dn = __shfl_down_sync(0xffffffffu, v, 3);
  float w8 = __shfl_sync(0xffffffffu, v, (lane + 1) & 7, 8);
  float u16 = __shfl_up_sync(0xffffffffu, v, 2, 16);
  float x4 = __shfl_xor_sync(0xffffffffu, v, 1, 4);
  double d = (double)v * 3.0;
  d = __shfl_down_sync(0xffffffffu, d, 1);
  long long l = (long long)lane << 40;
  l = __shfl_sync(0xffffffffu, l, 31 - lane);
  int iv = (int)lane;
  for (int off = 1; off < 32; off <<= 1) {
    int n = __shfl_up_sync(0xffffffffu, iv, off);
    if (lane >= off) iv += n;
  }
  int varlane = __shfl_sync(0xffffffffu, iv, iout[lane] & 31);
  if (lane < 16) {
    int half = __shfl_sync(0x0000ffffu, (int)lane * 2, lane ^ 1, 16);
    iv += half;
  }
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  out[i] = s + bc + up + dn + w8 + u16 + x4;
  dout[i] = d;
  lout[i] = l;
  iout[i + 32] = iv + varlane;
}
