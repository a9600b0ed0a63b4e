/* The contract between generated kernel code (src/codegen) and the CPU device (src/exec):
 * what a group function receives and returns. Kept in base because neither of the two
 * layers may include the other; codegen mirrors this layout as an LLVM struct type, so a
 * change here is a change there (cg_abi.c asserts the offsets). */
#ifndef PTXVM_KERNEL_ABI_H
#define PTXVM_KERNEL_ABI_H

#include <stdint.h>

typedef struct KDim3 {
  uint32_t x, y, z;
} KDim3;

typedef enum KGroupStatus {
  KGROUP_DONE = 0,    /* every lane of the group has exited */
  KGROUP_BARRIER = 1, /* suspended at a barrier: barrier_* fields say which */
  KGROUP_TRAP = 2,    /* trap, failed assert or a detected fault: trap_* fields say why */
} KGroupStatus;

typedef enum KTrapKind {
  KTRAP_NONE = 0,
  KTRAP_TRAP,          /* PTX trap / __trap() */
  KTRAP_ASSERT,        /* __assertfail */
  KTRAP_ILLEGAL_ADDRESS,
  KTRAP_MISALIGNED,
  KTRAP_ILLEGAL_INSTRUCTION,
} KTrapKind;

struct KWorker; /* exec's per-worker state; opaque to generated code */

/* One group of G lanes of one CTA. exec fills the inputs before the first call and
 * calls `run` again after each barrier completes, until it returns KGROUP_DONE. */
typedef struct KGroupCtx {
  /* Inputs, fixed for the group's lifetime. */
  const void *params;      /* kernel parameter buffer, laid out by ptx_func_param_layout */
  uint8_t *shared;         /* CTA shared memory: static variables first, then dynamic */
  uint8_t *local;          /* local memory: G frames of `local_size` bytes, lane-major */
  KDim3 ctaid, nctaid, ntid;
  uint32_t group_index;    /* lanes group_index*G .. +G-1 of the CTA (linear tid) */
  uint32_t dynamic_smem_size;
  uint32_t smid;           /* worker index, reported as %smid */
  uint32_t pad0;
  struct KWorker *worker;  /* passed back to the k_rt_* support functions */
  /* Resumable state: NULL before the first call; owned by generated code, allocated with
   * k_rt_frame_alloc from the worker's arena, released when the group is done. */
  void *frame;
  /* Outputs when run returns KGROUP_BARRIER. */
  uint32_t barrier_id;     /* 0..15 */
  uint32_t barrier_count;  /* bar.sync id, count: threads expected; 0 = the whole CTA */
  uint32_t barrier_arrive; /* 1 for bar.arrive (does not wait) */
  uint32_t barrier_lanes;  /* how many of the group's lanes arrived */
  uint32_t barrier_red_op; /* bar.red: 0 none, 1 popc, 2 and, 3 or */
  uint32_t barrier_red_in; /* bar.red: this group's partial result */
  uint32_t barrier_red_out; /* bar.red: the CTA's result, written by exec before resuming */
  /* Outputs when run returns KGROUP_TRAP. */
  uint32_t trap_kind;      /* KTrapKind */
  uint32_t trap_lane;      /* lane within the group */
  uint32_t trap_ptx_line;  /* line in the PTX text, 0 if unknown */
  const char *trap_message; /* static or worker-arena string, may be NULL */
} KGroupCtx;

typedef KGroupStatus (*KGroupFn)(KGroupCtx *ctx);

/* A compiled kernel, specialised for one blockDim. Owned by codegen. */
typedef struct KKernel {
  const char *name;
  KGroupFn run;
  uint32_t group_size;    /* G: 1, 8, 16 or 32 */
  uint32_t local_size;    /* bytes of .local per thread */
  uint32_t static_shared; /* bytes of .shared variables */
  uint32_t param_size;    /* bytes of the parameter buffer */
  uint32_t has_barriers;  /* 0: groups run to completion one after another */
  KDim3 block;            /* the blockDim it was specialised for */
} KKernel;

/* Support functions generated code calls; exec defines them. Names are fixed so codegen
 * can bind them in the JIT. */
void *k_rt_frame_alloc(struct KWorker *w, uint64_t size, uint64_t align);
void k_rt_frame_free(struct KWorker *w, void *frame);
int32_t k_rt_vprintf(struct KWorker *w, const char *fmt, const void *args);
void *k_rt_malloc(struct KWorker *w, uint64_t size);
void k_rt_free(struct KWorker *w, void *ptr);
uint64_t k_rt_globaltimer(void);
uint64_t k_rt_clock64(struct KWorker *w);
/* __assertfail(message, file, line, function, charSize) for lane `lane` of the group:
 * prints CUDA's line "file:line: function: block: [x,y,z], thread: [x,y,z] Assertion
 * `message` failed." to stderr; the group function then returns KGROUP_TRAP with
 * trap_kind KTRAP_ASSERT. Any string may be NULL. */
void k_rt_assertfail(struct KWorker *w, uint32_t lane, const char *message, const char *file,
                     uint32_t line, const char *function);

#endif
