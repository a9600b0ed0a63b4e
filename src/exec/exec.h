/* exec: the CPU device. Worker threads, CTA scheduling in chunks, the barrier driver,
 * shared/local memory arenas, traps and faults, device-side printf/malloc. Knows no PTX
 * and no LLVM: it runs KKernel group functions (base/kernel_abi.h). */
#ifndef PTXVM_EXEC_H
#define PTXVM_EXEC_H

#include "base.h"
#include "kernel_abi.h"

typedef enum ExecStatus {
  EXEC_OK = 0,
  EXEC_ERR_INVALID_CONFIG,   /* zero or too large grid/block, too much shared memory */
  EXEC_ERR_ILLEGAL_ADDRESS,  /* SIGSEGV/SIGBUS in kernel code */
  EXEC_ERR_MISALIGNED,
  EXEC_ERR_ASSERT,           /* device-side assert failed */
  EXEC_ERR_TRAP,             /* trap instruction: cudaErrorLaunchFailure */
  EXEC_ERR_ILLEGAL_INSTRUCTION,
  EXEC_ERR_ARITHMETIC,       /* SIGFPE */
  EXEC_ERR_DEADLOCK,         /* barrier that can never complete */
} ExecStatus;

typedef struct ExecLaunch {
  const KKernel *kernel;
  KDim3 grid;
  KDim3 block;               /* must equal kernel->block */
  uint32_t dynamic_shared;
  const void *params;        /* kernel->param_size bytes */
} ExecLaunch;

/* What went wrong in a failed launch, for the log line and the sticky error. */
typedef struct ExecFault {
  ExecStatus status;
  const char *kernel;
  KDim3 block;      /* blockIdx of the faulting CTA */
  KDim3 thread;     /* threadIdx of the first faulting lane (best effort) */
  uint32_t ptx_line;
  char message[256];
} ExecFault;

/* Starts the worker pool on first use: PTXVM_THREADS workers (default: the cores), the
 * calling thread being one of them. exec_launch calls it; calling it first is optional.
 * It installs handlers for SIGSEGV/SIGBUS/SIGFPE/SIGILL that chain to the host's.
 * exec_shutdown joins the workers and frees every arena and the device heap; a later
 * exec_launch starts a new pool. */
void exec_init(void);
void exec_shutdown(void);
unsigned exec_worker_count(void);

/* Runs the whole grid and returns when it is done (streams queue launches above this).
 * On a fault it stops the remaining CTAs, fills *fault (may be NULL), logs one error line
 * naming kernel, block, thread and PTX line, and returns its status; the host process
 * keeps running and later launches work. A bad configuration returns
 * EXEC_ERR_INVALID_CONFIG with the reason in fault->message and logs nothing. Device
 * printf output is on stdout when it returns. Thread-safe: concurrent launches are
 * serialised; a launch from inside a kernel is refused. */
ExecStatus exec_launch(const ExecLaunch *launch, ExecFault *fault);

/* Limits the device reports and enforces. */
#define EXEC_MAX_THREADS_PER_BLOCK 1024u
#define EXEC_MAX_SHARED_PER_BLOCK (48u * 1024u)          /* static, without opt-in */
#define EXEC_MAX_SHARED_PER_BLOCK_OPTIN (227u * 1024u)   /* with cudaFuncSetAttribute */

/* Device-side malloc heap size (cudaLimitMallocHeapSize), default 8 MiB, rounded up to
 * 4 KiB. Returns false (size unchanged) once a kernel has used the heap, as CUDA refuses
 * then; the heap is created on the first device malloc and freed by exec_shutdown. */
bool exec_set_heap_size(size_t bytes);
size_t exec_get_heap_size(void);
/* Device printf: exec_launch prints a launch's output (ordered by CTA, each printf call
 * whole) on stdout before it returns; this only flushes stdio's buffer. */
void exec_flush_printf(void);

#endif
