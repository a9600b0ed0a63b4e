// Relocatable device code, second translation unit (see rt_rdc.cu): a device function,
// a device variable and a template another unit also instantiates, and a printf string
// whose PTX name ($str) clashes with the other unit's.
#include <cstdio>
#include "rt_rdc.h"

__device__ int rdc_counter = 100;
static __device__ __noinline__ int local_fn(int x) { return x + 1; }
__device__ int rdc_helper(int x) {
  if (x == 0) printf("rdc_helper %d\n", x);
  return local_fn(rdc_twice(x));
}
