// C++ virtual functions in device code: objects built on the device (vtables in .global
// with function-address initialisers), virtual calls through base pointers, placement new.
#include <new>

struct Shape {
  __device__ virtual float area() const = 0;
  __device__ virtual float scale(float s) { return area() * s; }
  __device__ virtual ~Shape() {}
};

struct Circle : Shape {
  float r;
  __device__ Circle(float r_) : r(r_) {}
  __device__ float area() const override { return 3.14159265f * r * r; }
};

struct Rect : Shape {
  float w, h;
  __device__ Rect(float w_, float h_) : w(w_), h(h_) {}
  __device__ float area() const override { return w * h; }
  __device__ float scale(float s) override { return w * h * s * s; }
};

__global__ void virtual_calls(const float *params, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  alignas(16) unsigned char storage[sizeof(Rect) > sizeof(Circle) ? sizeof(Rect) : sizeof(Circle)];
  Shape *s;
  if (i & 1) s = new (storage) Circle(params[i]);
  else s = new (storage) Rect(params[i], params[i] + 1.0f);
  out[i] = s->area() + s->scale(2.0f);
  s->~Shape();
}

__global__ void heap_objects(float *out) {
  Shape *s = threadIdx.x % 3 ? (Shape *)new Circle(1.0f + threadIdx.x) : (Shape *)new Rect(2.0f, threadIdx.x);
  out[threadIdx.x] = s ? s->scale(0.5f) : -1.0f;
  delete s;
}
