/* Private to codegen: the process-wide LLVM JIT (cg_jit.c). Knows no PTX. */
#ifndef PTXVM_CG_JIT_H
#define PTXVM_CG_JIT_H

#include <llvm-c/Core.h>
#include <llvm-c/Orc.h>

#include "base.h"

/* Initialises LLVM's native target and the LLJIT once; false with *error if impossible. */
bool cg_jit_init(const char **error);
/* Compilation is serialised: LLVM contexts and the pass pipeline are used under this. */
void cg_jit_lock(void);
void cg_jit_unlock(void);
const char *cg_jit_cpu(void);
const char *cg_jit_features(void);
unsigned long cg_jit_unique(void); /* a fresh number for symbol names (under the lock) */

/* A fresh LLVM context for one module (under the lock). Hand it back either through
 * cg_jit_add_module or cg_jit_context_discard. */
LLVMContextRef cg_jit_context_create(void);
void cg_jit_context_discard(LLVMContextRef ctx);
LLVMOrcThreadSafeContextRef cg_jit_tsc_wrap(LLVMContextRef ctx);
void cg_jit_configure_module(LLVMModuleRef mod); /* triple + data layout of the host */
/* Verifies (debug builds), optimises, logs and adds to the JIT; the JIT owns the module
 * and context afterwards (also on failure they are released). *error is heap. */
bool cg_jit_add_module(LLVMContextRef ctx, LLVMModuleRef mod, const char *what, char **error);
void *cg_jit_lookup(const char *name, char **error);

/* The disk-cache path: a JITDylib per CgModule holding its variables' addresses as
 * absolute symbols (cached objects refer to them by name), objects emitted and loaded. */
bool cg_jit_optimize(LLVMContextRef ctx, LLVMModuleRef mod, const char *what, char **error);
LLVMOrcJITDylibRef cg_jit_dylib_create(void);
bool cg_jit_dylib_define(LLVMOrcJITDylibRef jd, const char *const *names, const uint64_t *addrs, size_t n);
bool cg_jit_emit_object(LLVMModuleRef mod, LLVMMemoryBufferRef *out, char **error); /* PIC */
bool cg_jit_add_object(LLVMOrcJITDylibRef jd, LLVMMemoryBufferRef buf, char **error); /* takes buf */
void *cg_jit_lookup_in(LLVMOrcJITDylibRef jd, const char *name, char **error);

#endif
