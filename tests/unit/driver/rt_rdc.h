// Shared by the two units of the relocatable-device-code test.
template <typename T> __device__ __noinline__ T rdc_twice(T x) { return x + x; }
extern __device__ int rdc_counter;
__device__ int rdc_helper(int x);
