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
  uint32_t group_index;    /* lanes group_index*G .. +G-1 of the CTA (linear tid). Without
                            * barriers, run may go on with the CTA's following groups and
                            * return with group_index at the last group it ran. */
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

/* Texture and surface objects: a cudaTextureObject_t / CUtexObject / cudaSurfaceObject_t
 * value is the address of one of these, made by the driver (src/driver/texture.c) and read
 * by exec's sampler (src/exec/texture.c), which generated code calls per instruction. */
#define KTEX_MAGIC 0x7845547au /* "zTEx": tells a real object from an arbitrary u64 */

typedef enum KTexFormat {  /* the kind of one channel */
  KTEX_FMT_UNSIGNED = 0,   /* 8, 16 or 32 bits */
  KTEX_FMT_SIGNED = 1,
  KTEX_FMT_FLOAT = 2,      /* 16 (half) or 32 bits */
} KTexFormat;

typedef enum KTexAddress { /* cudaTextureAddressMode's values */
  KTEX_ADDR_WRAP = 0,
  KTEX_ADDR_CLAMP = 1,
  KTEX_ADDR_MIRROR = 2,
  KTEX_ADDR_BORDER = 3,
} KTexAddress;

typedef struct KTexture {
  uint32_t magic;          /* KTEX_MAGIC */
  uint32_t is_surface;     /* 1: made by cuSurfObjectCreate */
  uint8_t *data;           /* texel (0, 0, 0) of layer/face 0 */
  uint64_t pitch;          /* bytes from one row to the next */
  uint64_t slice;          /* bytes from one 2D slice (depth, layer or face) to the next */
  uint32_t width, height, depth; /* in texels; 1 for unused dimensions */
  uint32_t layers;         /* layered/cubemap: slices that are layers or faces, else 0 */
  uint32_t format;         /* KTexFormat */
  uint32_t channel_bits;   /* 8, 16 or 32 */
  uint32_t channels;       /* 1, 2 or 4 */
  uint32_t texel_size;     /* bytes */
  uint32_t address[3];     /* KTexAddress per dimension */
  uint32_t linear_filter;  /* 0: point, 1: linear */
  uint32_t read_normalized; /* integer formats read as floats in [0,1] / [-1,1] */
  uint32_t normalized_coords;
  uint32_t is_linear;      /* resource is linear memory (tex1Dfetch: no address modes) */
  float border[4];
} KTexture;

/* Texture instructions, one call for the whole group. `op` packs KTEX_OP_* fields; the
 * per-lane arrays hold `lanes` elements each, lane-major within a component:
 * coords[c * lanes + l] (c = 0..3 in PTX operand order, 32-bit values) and
 * out[c * lanes + l]. Lanes not in `mask` are neither read nor written. A handle that is
 * not a texture gives zeros (and one warning). */
#define KTEX_OP_GEOM(op) ((op) & 0xfu)           /* KTEX_GEOM_* */
#define KTEX_OP_INT_COORDS 0x10u                  /* .s32 coordinates */
#define KTEX_OP_DST_SHIFT 5                       /* 0: f32, 1: s32, 2: u32 */
#define KTEX_OP_KIND_SHIFT 8                      /* KTEX_KIND_* */
#define KTEX_OP_ARG_SHIFT 12                      /* tld4 component / txq query / surface clamp */
enum { KTEX_GEOM_1D, KTEX_GEOM_2D, KTEX_GEOM_3D, KTEX_GEOM_A1D, KTEX_GEOM_A2D, KTEX_GEOM_CUBE,
       KTEX_GEOM_ACUBE };
enum { KTEX_KIND_TEX, KTEX_KIND_TLD4, KTEX_KIND_TXQ, KTEX_KIND_SULD, KTEX_KIND_SUST };
enum { KTEX_TXQ_WIDTH, KTEX_TXQ_HEIGHT, KTEX_TXQ_DEPTH, KTEX_TXQ_CHANNEL_DATA_TYPE,
       KTEX_TXQ_CHANNEL_ORDER, KTEX_TXQ_NORMALIZED_COORDS, KTEX_TXQ_ARRAY_SIZE,
       KTEX_TXQ_NUM_MIPMAP_LEVELS, KTEX_TXQ_NUM_SAMPLES, KTEX_TXQ_FILTER_MODE,
       KTEX_TXQ_ADDR_MODE_0, KTEX_TXQ_ADDR_MODE_1, KTEX_TXQ_ADDR_MODE_2 };
enum { KTEX_SURF_TRAP, KTEX_SURF_CLAMP, KTEX_SURF_ZERO };
/* Surfaces (suld.b/sust.b: x in bytes): log2 of the element's bytes (0..3) and of the
 * vector length; sust reads the values from `out`. A .b64 element k takes the 32-bit
 * rows 2k (low) and 2k+1 (high). */
#define KTEX_OP_SURF_ELEM_SHIFT 16
#define KTEX_OP_SURF_VEC_SHIFT 18
/* Returns 0, or 1 + the first lane whose surface access was out of range under .trap. */
uint32_t k_rt_tex(uint32_t op, uint32_t lanes, uint32_t mask, const uint64_t *handles,
                  const uint32_t *coords, uint32_t *out);

#endif
