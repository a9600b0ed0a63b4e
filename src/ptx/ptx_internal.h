/* ptx private: helpers shared by the parser, printer and verifier of this module only. */
#ifndef PTXVM_PTX_INTERNAL_H
#define PTXVM_PTX_INTERNAL_H

#include "ptx.h"

uint32_t ptx_hash(const char *s, size_t len); /* FNV-1a, 32-bit */
/* Special register by full name ("%tid"), or -1. */
int ptx_sreg_lookup(const char *name, size_t len);
bool ptx_sreg_is_vector(PtxSreg s);
/* The state space a space modifier names; GENERIC for others. */
PtxSpace ptx_space_of_mod(PtxMod mod);

#endif
