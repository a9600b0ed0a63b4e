// Surface objects: surf1Dread/write, surf2Dread/write with the byte-addressed x
// coordinate, boundary modes, and surf3D.
__global__ void surf_2d(cudaSurfaceObject_t in, cudaSurfaceObject_t out, int w, int h) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  float v = surf2Dread<float>(in, x * 4, y);
  float l = surf2Dread<float>(in, (x - 1) * 4, y, cudaBoundaryModeClamp);
  float r = surf2Dread<float>(in, (x + 1) * 4, y, cudaBoundaryModeZero);
  surf2Dwrite(0.25f * l + 0.5f * v + 0.25f * r, out, x * 4, y);
}

__global__ void surf_1d_3d(cudaSurfaceObject_t s1, cudaSurfaceObject_t s3, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  uchar4 p = surf1Dread<uchar4>(s1, i * 4);
  p.x = 255 - p.x;
  surf1Dwrite(p, s1, i * 4);
  int4 q = surf3Dread<int4>(s3, (i % 8) * 16, (i / 8) % 8, i / 64);
  q.w = q.x + q.y + q.z;
  surf3Dwrite(q, s3, (i % 8) * 16, (i / 8) % 8, i / 64, cudaBoundaryModeTrap);
}
