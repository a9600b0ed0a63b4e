// nbody as in the CUDA sample / GPU Gems 3 ch. 31: all-pairs gravitational accelerations
// with float4 positions (w = mass), tiles of bodies staged in shared memory, rsqrtf for
// the inverse distance, softening, then a leapfrog integration step. Two steps.
#include "apps.h"

#define SOFTENING2 0.01f

__device__ float3 bodyBodyInteraction(float3 ai, float4 bi, float4 bj) {
  float3 r;
  r.x = bj.x - bi.x;
  r.y = bj.y - bi.y;
  r.z = bj.z - bi.z;
  float distSqr = r.x * r.x + r.y * r.y + r.z * r.z + SOFTENING2;
  float invDist = rsqrtf(distSqr);
  float invDistCube = invDist * invDist * invDist;
  float s = bj.w * invDistCube;
  ai.x += r.x * s;
  ai.y += r.y * s;
  ai.z += r.z * s;
  return ai;
}

__global__ void integrateBodies(float4 *newPos, float4 *newVel, const float4 *oldPos,
                                const float4 *oldVel, float dt, int numBodies) {
  extern __shared__ float4 sharedPos[];
  int index = blockIdx.x * blockDim.x + threadIdx.x;
  float4 pos = index < numBodies ? oldPos[index] : make_float4(0, 0, 0, 0);
  float3 acc = {0.0f, 0.0f, 0.0f};
  for (int tile = 0; tile * blockDim.x < numBodies; tile++) {
    int j = tile * blockDim.x + threadIdx.x;
    sharedPos[threadIdx.x] = j < numBodies ? oldPos[j] : make_float4(0, 0, 0, 0);  // w=0: no force
    __syncthreads();
#pragma unroll 8
    for (int k = 0; k < blockDim.x; k++) acc = bodyBodyInteraction(acc, pos, sharedPos[k]);
    __syncthreads();
  }
  if (index < numBodies) {
    float4 vel = oldVel[index];
    vel.x += acc.x * dt;
    vel.y += acc.y * dt;
    vel.z += acc.z * dt;
    pos.x += vel.x * dt;
    pos.y += vel.y * dt;
    pos.z += vel.z * dt;
    newPos[index] = pos;
    newVel[index] = vel;
  }
}

static void host_step(float4 *np, float4 *nv, const float4 *p, const float4 *v, float dt, int n) {
  for (int i = 0; i < n; i++) {
    double ax = 0, ay = 0, az = 0;
    for (int j = 0; j < n; j++) {
      double rx = p[j].x - p[i].x, ry = p[j].y - p[i].y, rz = p[j].z - p[i].z;
      double d2 = rx * rx + ry * ry + rz * rz + SOFTENING2;
      double inv = 1.0 / sqrt(d2);
      double s = p[j].w * inv * inv * inv;
      ax += rx * s;
      ay += ry * s;
      az += rz * s;
    }
    float4 vel = v[i], pos = p[i];
    vel.x += (float)ax * dt;
    vel.y += (float)ay * dt;
    vel.z += (float)az * dt;
    pos.x += vel.x * dt;
    pos.y += vel.y * dt;
    pos.z += vel.z * dt;
    np[i] = pos;
    nv[i] = vel;
  }
}

int main() {
  const int n = 1500, block = 128;  // n not a multiple of the block: a partial last tile
  const float dt = 0.001f;
  size_t bytes = n * sizeof(float4);
  float4 *p = (float4 *)malloc(bytes), *v = (float4 *)malloc(bytes);
  float4 *hp = (float4 *)malloc(bytes), *hv = (float4 *)malloc(bytes);
  float4 *gp = (float4 *)malloc(bytes), *gv = (float4 *)malloc(bytes);
  uint32_t seed = 77;
  for (int i = 0; i < n; i++) {
    p[i] = make_float4(app_randf(&seed, -1, 1), app_randf(&seed, -1, 1), app_randf(&seed, -1, 1),
                       app_randf(&seed, 0.5f, 1.5f));
    v[i] = make_float4(app_randf(&seed, -0.1f, 0.1f), app_randf(&seed, -0.1f, 0.1f),
                       app_randf(&seed, -0.1f, 0.1f), 0);
  }
  float4 *dp[2], *dv[2];
  for (int k = 0; k < 2; k++) {
    CUDA_CHECK(cudaMalloc(&dp[k], bytes));
    CUDA_CHECK(cudaMalloc(&dv[k], bytes));
  }
  CUDA_CHECK(cudaMemcpy(dp[0], p, bytes, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(dv[0], v, bytes, cudaMemcpyHostToDevice));
  int blocks = (n + block - 1) / block;
  for (int step = 0; step < 2; step++) {
    int cur = step & 1;
    integrateBodies<<<blocks, block, block * sizeof(float4)>>>(dp[cur ^ 1], dv[cur ^ 1], dp[cur], dv[cur], dt, n);
    LAUNCH_CHECK();
    host_step(hp, hv, p, v, dt, n);
    memcpy(p, hp, bytes);
    memcpy(v, hv, bytes);
  }
  CUDA_CHECK(cudaMemcpy(gp, dp[0], bytes, cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(gv, dv[0], bytes, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    EXPECT(app_close(gv[i].x, v[i].x, 1e-3, 1e-3) && app_close(gv[i].y, v[i].y, 1e-3, 1e-3) &&
               app_close(gv[i].z, v[i].z, 1e-3, 1e-3),
           "body %d velocity (%f,%f,%f), want (%f,%f,%f)", i, gv[i].x, gv[i].y, gv[i].z, v[i].x, v[i].y, v[i].z);
    EXPECT(app_close(gp[i].x, p[i].x, 1e-4, 1e-4) && app_close(gp[i].y, p[i].y, 1e-4, 1e-4) &&
               app_close(gp[i].z, p[i].z, 1e-4, 1e-4) && gp[i].w == p[i].w,
           "body %d position (%f,%f,%f,%f), want (%f,%f,%f,%f)", i, gp[i].x, gp[i].y, gp[i].z, gp[i].w,
           p[i].x, p[i].y, p[i].z, p[i].w);
  }
  for (int k = 0; k < 2; k++) { cudaFree(dp[k]); cudaFree(dv[k]); }
  free(p); free(v); free(hp); free(hv); free(gp); free(gv);
  return app_finish("nbody");
}
