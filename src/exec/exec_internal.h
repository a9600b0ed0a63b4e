/* exec's private state: the per-worker record that generated code sees as an opaque
 * struct KWorker, the launch job the workers share, and the internal entry points each
 * file of the module provides to the others. */
#ifndef PTXVM_EXEC_INTERNAL_H
#define PTXVM_EXEC_INTERNAL_H

#include "exec.h"

#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>

/* One printf call's output inside a worker's buffer, tagged with its CTA so that the flush
 * can print the launch's output ordered by CTA. */
typedef struct ExecPrintfEntry {
  uint64_t cta;
  size_t offset, len;
} ExecPrintfEntry;

typedef struct ExecFrameChunk ExecFrameChunk;
typedef struct KWorker KWorker;

/* Everything one launch needs, shared read-only by the workers except the CTA counter,
 * the stop flag and the fault record (under fault_lock). */
typedef struct ExecJob {
  const ExecLaunch *launch;
  const KKernel *kernel;
  uint64_t total;          /* CTAs in the grid */
  uint64_t chunk;          /* CTAs taken per claim */
  uint32_t threads;        /* threads per CTA */
  uint32_t group_size;     /* G */
  uint32_t groups;         /* groups per CTA */
  uint32_t shared_size;    /* static + dynamic shared bytes per CTA */
  size_t local_stride;     /* bytes of local memory between two groups' lane frames */
  size_t local_total;      /* local bytes per CTA */
  _Atomic uint64_t next;   /* first CTA not yet claimed */
  atomic_bool stop;        /* a fault happened: claim nothing more */
  pthread_mutex_t fault_lock;
  bool faulted;
  ExecFault fault;
} ExecJob;

/* Scheduling state of one group within a CTA that uses barriers (cta.c). */
typedef struct ExecGroupState {
  uint8_t done;
  int8_t waiting;          /* barrier id it waits at, -1 = none */
} ExecGroupState;

struct KWorker {
  unsigned index;          /* 0 is the thread that called exec_launch */
  pthread_t thread;
  sem_t wake;              /* posted when a job is published for this worker */
  atomic_bool sleeping;    /* set before it blocks on `wake`; the launcher posts only then */
  uint64_t seen_state;     /* pool_state when the worker was created */

  /* Memory reused across launches (arena.c). Not zeroed: GPUs do not zero it either. */
  uint8_t *shared;
  size_t shared_cap;
  uint8_t *local;
  size_t local_cap;
  ExecFrameChunk *frames;  /* k_rt_frame_alloc chunks, reset per CTA */
  ExecFrameChunk *frame_cur;
  KGroupCtx *groups;       /* one context per group of the CTA */
  ExecGroupState *group_state;
  uint32_t *queue;         /* runnable groups (ring) */
  size_t groups_cap;

  /* What runs now, for fault reports. */
  const ExecJob *job;
  uint64_t cta;            /* linear index of the CTA being run */
  KDim3 ctaid;
  KGroupCtx *ctx;          /* the group being run */

  /* Fault recovery (fault.c): the handler jumps here while the worker is in kernel code. */
  sigjmp_buf jmp;
  volatile int fault_signal;
  volatile int fault_code;
  void *volatile fault_addr;

  /* Device printf (printf.c): this launch's output, flushed by exec_launch. */
  StrBuf out;
  VEC(ExecPrintfEntry) entries;

  uint64_t clock_base;
};

/* pool.c: runs `job` on `helpers` pool threads plus the caller, returns when all are done. */
void exec_pool_run(ExecJob *job, unsigned helpers);
KWorker *exec_pool_worker(unsigned index);
void exec_pool_forget(void);          /* in a forked child: the pool threads are gone */
void exec_launch_atfork_register(void); /* once: no fork in the middle of a launch */
void exec_launch_serialize(bool lock);  /* takes/releases the lock launches run under */

/* launch.c: a worker's share of a launch (claims CTA chunks until none are left). */
void exec_job_work(ExecJob *job, KWorker *w);
/* Records the launch's first fault and stops the remaining CTAs. */
void exec_job_fault(ExecJob *job, const ExecFault *fault);

/* cta.c: runs one CTA; on a trap or deadlock fills *fault and returns its status. */
ExecStatus exec_cta_run(KWorker *w, ExecJob *job, uint64_t cta, ExecFault *fault);

/* arena.c: sizes the worker's memory for `job` (false: out of memory, message in *fault). */
bool exec_worker_prepare(KWorker *w, const ExecJob *job, ExecFault *fault);
void exec_frames_reset(KWorker *w);
void exec_worker_free(KWorker *w);

/* fault.c */
extern __thread KWorker *exec_tls_kernel_worker __attribute__((tls_model("initial-exec")));
void exec_fault_install(void);       /* (re)installs the signal handlers; idempotent */
void exec_fault_uninstall(void);
void exec_fault_thread_init(void);   /* alternate signal stack for the calling thread */
void exec_fault_thread_fini(void);
/* Fills *fault from the signal the handler caught in worker w. */
void exec_fault_from_signal(KWorker *w, ExecFault *fault);
/* Fills the kernel/block/thread fields of *fault for lane `lane` of w's current group. */
void exec_fault_locate(KWorker *w, uint32_t lane, ExecFault *fault);

/* Enters/leaves kernel code: inside, a synchronous fault becomes a launch error. */
static inline void exec_kernel_enter(KWorker *w) { exec_tls_kernel_worker = w; }
static inline void exec_kernel_leave(void) { exec_tls_kernel_worker = NULL; }

/* printf.c */
/* Prints every worker's buffered output, ordered by CTA, and empties the buffers. */
void exec_printf_flush(unsigned workers);

/* heap.c */
void exec_heap_release(void);

#endif
