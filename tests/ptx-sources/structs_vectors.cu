// Aggregates: vector types (float2/3/4, int4, double2, char4, short2), structs passed by
// value as kernel parameters, arrays inside parameter structs, and vector loads/stores.
struct Particle {
  float3 pos;
  float3 vel;
  float mass;
  int id;
};

struct SimParams {
  float dt;
  float3 gravity;
  double damping;
  int bounds[6];
  char flags[3];
};

__global__ void integrate(Particle *p, SimParams sp, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  Particle q = p[i];
  q.vel.x += sp.gravity.x * sp.dt;
  q.vel.y += sp.gravity.y * sp.dt;
  q.vel.z += sp.gravity.z * sp.dt;
  q.vel.x *= (float)sp.damping;
  q.pos.x = fminf(fmaxf(q.pos.x + q.vel.x * sp.dt, (float)sp.bounds[0]), (float)sp.bounds[1]);
  q.pos.y = fminf(fmaxf(q.pos.y + q.vel.y * sp.dt, (float)sp.bounds[2]), (float)sp.bounds[3]);
  q.pos.z = fminf(fmaxf(q.pos.z + q.vel.z * sp.dt, (float)sp.bounds[4]), (float)sp.bounds[5]);
  if (sp.flags[1]) q.id = -q.id;
  p[i] = q;
}

__global__ void vectors(const float4 *a, const double2 *b, const char4 *c, const short2 *s, int4 *out, float2 *f2, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float4 x = a[i];
  double2 y = b[i];
  char4 z = c[i];
  short2 w = s[i];
  out[i] = make_int4((int)(x.x + y.x), (int)(x.y + y.y), z.x + z.y * z.z - z.w, w.x * w.y);
  f2[i] = make_float2(x.z * x.w, (float)(y.x * y.y));
  uchar2 u = make_uchar2(z.x, z.w);
  ushort4 us = make_ushort4(u.x, u.y, (unsigned short)w.x, 7);
  long2 l2 = make_long2(us.x + us.w, us.y * us.z);
  if (l2.x + l2.y == 12345) out[0].x = 0;
}

struct Big {
  double values[16];
};
__global__ void by_value(Big b, double *out) {
  double s = 0.0;
  for (int k = 0; k < 16; k++) s += b.values[k] * k;
  out[threadIdx.x] = s + b.values[threadIdx.x & 15];
}
