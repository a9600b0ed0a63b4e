/* Device clocks: %globaltimer is nanoseconds since the epoch, as on a GPU; clock64 is a
 * cycle-like counter that only has to increase within a thread (the TSC where there is one). */
#include "exec_internal.h"

#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

uint64_t k_rt_globaltimer(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t k_rt_clock64(struct KWorker *w) {
  (void)w;
#if defined(__x86_64__) || defined(__i386__)
  return __rdtsc();
#else
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
#endif
}
