/* codegen: lowers the PTX IR to LLVM IR (one group function per kernel per blockDim),
 * runs the pass pipeline, JIT-compiles through ORC LLJIT and caches objects on disk.
 * The only module that includes llvm-c. */
#ifndef PTXVM_CODEGEN_H
#define PTXVM_CODEGEN_H

#include "base.h"
#include "kernel_abi.h"
#include "ptx.h"

typedef struct CgModule CgModule;

typedef struct CgOptions {
  unsigned group_size;   /* G: 0 = from PTXVM_GROUP, else 32 */
  const char *cache_dir; /* NULL = from PTXVM_CACHE_DIR, else no disk cache */
} CgOptions;

/* Prepares a verified PTX module for execution: allocates and initialises its .global and
 * .const variables. Kernels compile lazily, one by one: a kernel that uses an instruction
 * ptxvm lacks fails only at cg_kernel_get, so the module's other kernels still run. The
 * CgModule borrows `ptx`, which must outlive it. Returns NULL with diagnostics on failure. */
CgModule *cg_module_create(const PtxModule *ptx, const CgOptions *opts, DiagSink *diags);
void cg_module_destroy(CgModule *module);

/* The kernel `name` specialised for `block`, compiled on first use and cached. NULL with
 * diagnostics when it is not an .entry of the module or fails to compile; a kernel that
 * reaches an unimplemented instruction (itself or through a .func) gets a DIAG_UNSUPPORTED
 * diagnostic naming it and its PTX line, every time it is asked for. Thread-safe. */
const KKernel *cg_kernel_get(CgModule *module, const char *name, KDim3 block, DiagSink *diags);

/* Address and size of a module-scope .global/.const variable's storage (what
 * cuModuleGetGlobal returns); NULL if there is none of that name. */
void *cg_global_address(CgModule *module, const char *name, size_t *size);

#endif
