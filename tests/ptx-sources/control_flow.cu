// Irregular control flow: dense switch statements (jump tables), goto across loops,
// break/continue in nested loops, early returns under divergence, and do-while loops.
__device__ int classify(int v) {
  switch (v & 15) {
  case 0: return 10;
  case 1: return 3 * v;
  case 2: return v - 9;
  case 3: return v ^ 0x55;
  case 4: return v << 2;
  case 5: return -v;
  case 6: return v / 3;
  case 7: return v % 11;
  case 8: return v * v;
  case 9: return 1;
  case 10: return 2;
  case 11: return v + 77;
  default: return 0;
  }
}

__global__ void flow(const int *in, int *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  int v = in[i], acc = 0;
  for (int a = 0; a < 8; a++) {
    if (a == v % 5) continue;
    for (int b = 0; b < 8; b++) {
      if (b * a > v) break;
      acc += classify(v + a * b);
      if (acc > 100000) goto done;
    }
  }
  do {
    acc = (acc >> 1) ^ (acc & 1 ? 0xEDB88320 : 0);
    v--;
  } while (v > 0 && (v & 7));
done:
  if (acc < 0) {
    out[i] = -1;
    return;
  }
  out[i] = acc;
}

__global__ void divergent_loops(const int *trip, float *out) {
  int t = threadIdx.x;
  float x = 1.0f;
  int k = 0;
  while (k < trip[t]) {
    if ((k ^ t) & 1) x *= 1.5f;
    else if (k % 3 == 0) x -= 0.25f;
    else { k += 2; continue; }
    k++;
  }
  out[t] = x;
}
