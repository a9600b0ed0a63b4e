/* ptx private: helpers shared by the parser, printer and verifier of this module only. */
#ifndef PTXVM_PTX_INTERNAL_H
#define PTXVM_PTX_INTERNAL_H

#include "ptx.h"

uint32_t ptx_hash(const char *s, size_t len); /* FNV-1a, 32-bit, avalanche-finished */

/* The same hash in steps, for the scanner to compute while it reads a name. */
#define PTX_HASH_INIT 2166136261u
static inline uint32_t ptx_hash_step(uint32_t h, unsigned char c) { return (h ^ c) * 16777619u; }
static inline uint32_t ptx_hash_finish(uint32_t h) {
  /* FNV's low bits cluster for names that differ in the last digit (%r17, %r18): finish
   * with murmur3's avalanche so a power-of-two table spreads them. */
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}
/* Special register by full name ("%tid"), or -1. */
int ptx_sreg_lookup(const char *name, size_t len);
bool ptx_sreg_is_vector(PtxSreg s);
/* The state space a space modifier names; GENERIC for others. */
PtxSpace ptx_space_of_mod(PtxMod mod);

#endif
