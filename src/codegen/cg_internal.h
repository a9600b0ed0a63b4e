/* Private to codegen: the build context every emitter works through (Mesa's
 * lp_build_context in spirit), the per-function state, and the emitter tables. */
#ifndef PTXVM_CG_INTERNAL_H
#define PTXVM_CG_INTERNAL_H

#include <llvm-c/Core.h>
#include <pthread.h>

#include "cg_jit.h"
#include "codegen.h"

typedef struct CgContext CgContext;
typedef struct CgFunc CgFunc;

/* Emits one instruction; false after reporting a diagnostic (cg_unsupported/cg_error). */
typedef bool (*CgEmitFn)(CgContext *cg, const PtxInstr *ins);

typedef struct CgOpEntry {
  const char *name; /* opcode name as ops.def spells it: "add", "ld", "bar" */
  CgEmitFn emit;
} CgOpEntry;

/* Emitter tables, one per family file, terminated by {NULL, NULL}. */
extern const CgOpEntry cg_ops_arith[], cg_ops_conv[], cg_ops_mem[], cg_ops_ctrl[],
    cg_ops_atomic[], cg_ops_warp[];

/* Opcodes that need warp-level semantics force G = 32. */
bool cg_op_is_warp_level(const PtxInstr *ins);
CgEmitFn cg_op_emitter(PtxOpcode op);

/* A .param variable of a .func (parameter, return value or call-site declaration):
 * G-interleaved storage, the element at byte offset o of lane l lives at
 * base + o*G + l*size(access), so one access type per offset (checked). */
typedef struct CgParamSlot {
  const PtxVar *var;
  LLVMValueRef ptr;
} CgParamSlot;

typedef struct CgResume {
  LLVMBasicBlockRef bb;   /* where the group continues */
  LLVMBasicBlockRef save; /* filled last: stores what is live, returns KGROUP_BARRIER */
  uint32_t id;
  uint32_t block;         /* the CFG block the barrier ends */
} CgResume;

struct CgFunc {
  const PtxFunc *ptx;
  LLVMValueRef fn;
  LLVMTypeRef fn_type;
  bool is_kernel;
  bool divergent;             /* has guarded/indirect branches: writes blend with the mask */
  LLVMValueRef ctx;           /* KGroupCtx * */
  LLVMValueRef *reg_slot;     /* by PtxReg id: alloca of the register's vector type */
  LLVMTypeRef *reg_type;
  LLVMValueRef mask_slot;     /* alloca <G x i1>: the current execution mask */
  LLVMValueRef carry_slot;    /* alloca <G x i1>: CC.CF of add.cc/addc/sub.cc/mad.cc */
  LLVMBasicBlockRef entry_bb, exit_bb;
  VEC(CgParamSlot) params;
  VEC(CgResume) resumes;      /* barrier continuation points */
  LLVMValueRef local_base;    /* .func locals: alloca; kernel: ctx->local */
  uint32_t local_size;        /* bytes per lane of this function's .local variables */
  struct CgFlow *flow;        /* thread-frontier state (cg_func.c) */
  Map local_offsets;          /* var name -> offset+1 in the lane frame */
  struct ShapeInfo *shapes;   /* the analysis' shapes, or NULL (everything varying) */
};

struct CgContext {
  LLVMContextRef ctx;
  LLVMModuleRef mod;
  LLVMBuilderRef b;
  unsigned G;
  KDim3 block;
  uint32_t nthreads;
  const PtxModule *ptx;
  CgModule *cgm;
  DiagSink *diags;
  /* Types. */
  LLVMTypeRef t_void, t_i1, t_i8, t_i16, t_i32, t_i64, t_f16, t_f32, t_f64, t_ptr;
  LLVMTypeRef v_i1, v_i32, v_i64; /* <G x ...> */
  /* Current function and instruction. */
  CgFunc *fn;
  const PtxInstr *ins;
  LLVMValueRef mask;    /* the block's mask as loaded at the instruction (<G x i1>) */
  LLVMValueRef emask;   /* mask & guard for the current instruction */
  LLVMValueRef lane;    /* <0, 1, ..., G-1> as i32 */
  LLVMValueRef tid_linear; /* <G x i32> linear thread id within the CTA */
  uint32_t stmt;        /* body index of the instruction being emitted */
  int addr_hint;        /* for cg_load_vec/cg_store_vec: CG_ADDR_* */
  CgFunc **funcs;       /* by PtxModule.funcs index; NULL until built */
  uint32_t static_shared;
  Map shared_offsets;   /* shared var name -> offset+1 (per kernel) */
  bool has_barriers;
  bool symbolic;        /* module addresses through symbols (cacheable objects) */
  uint32_t frame_size;  /* bytes of the barrier frame (kernel) */
  uint8_t *func_suspends; /* by PtxModule.funcs index: 1 if it or a callee has a CTA barrier */
  bool failed;
};

/* ---- Diagnostics. ---- */
bool cg_unsupported(CgContext *cg, const PtxInstr *ins, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool cg_error(CgContext *cg, SrcLoc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- Modifiers and types, resolved by their text so codegen does not depend on the
 * identifiers ops.def/mods.def chose. ---- */
bool cg_has_mod(const PtxInstr *ins, const char *text);    /* ".ftz" */
const char *cg_mod_text_of(const PtxInstr *ins, PtxModCategory cat); /* ".eq" or NULL */
PtxType cg_type_of(const char *text);                      /* ".f32" -> PtxType */
bool cg_type_is(PtxType t, const char *text);
PtxType cg_itype(const PtxInstr *ins, unsigned i); /* ins->types[i] or NONE */

/* ---- Types and constants. ---- */
LLVMTypeRef cg_scalar_type(CgContext *cg, PtxType t); /* f32->float, s32->i32, pred->i1 */
LLVMTypeRef cg_vec_type(CgContext *cg, LLVMTypeRef scalar);
LLVMTypeRef cg_vtype(CgContext *cg, PtxType t);
LLVMValueRef cg_splat(CgContext *cg, LLVMValueRef scalar);
LLVMValueRef cg_const_int(CgContext *cg, LLVMTypeRef scalar, uint64_t v); /* splat */
LLVMValueRef cg_const_f32(CgContext *cg, float v);
LLVMValueRef cg_const_f64(CgContext *cg, double v);
LLVMValueRef cg_zero(CgContext *cg, LLVMTypeRef vtype);
LLVMValueRef cg_i32(CgContext *cg, uint32_t v); /* scalar */
LLVMValueRef cg_i64(CgContext *cg, uint64_t v); /* scalar */
unsigned cg_type_bits(LLVMTypeRef t); /* scalar or element bits */
bool cg_is_float_type(LLVMTypeRef t); /* element is half/float/double */

/* ---- Operands. ---- */
LLVMValueRef cg_read(CgContext *cg, const PtxOperand *o, PtxType t);
void cg_write(CgContext *cg, const PtxOperand *o, LLVMValueRef v, PtxType t);
LLVMValueRef cg_sreg(CgContext *cg, const PtxOperand *o); /* <G x i32> or <G x i64> */
/* The address of a variable in its own space (shared: window offset; others: host
 * address), scalar i64. */
LLVMValueRef cg_var_address(CgContext *cg, const PtxVar *var);
LLVMValueRef cg_ctx_field_ptr(CgContext *cg, size_t offset);
LLVMValueRef cg_ctx_load(CgContext *cg, LLVMTypeRef t, size_t offset);

/* ---- Intrinsics and helpers. ---- */
LLVMValueRef cg_intrinsic(CgContext *cg, const char *name, LLVMTypeRef *overloads,
                          unsigned noverloads, LLVMValueRef *args, unsigned nargs);
LLVMValueRef cg_call_extern(CgContext *cg, const char *name, LLVMTypeRef ret, LLVMTypeRef *params,
                            unsigned nparams, LLVMValueRef *args);
LLVMValueRef cg_mask_any(CgContext *cg, LLVMValueRef mask);  /* i1 */
LLVMValueRef cg_mask_bits(CgContext *cg, LLVMValueRef mask); /* i32 (G <= 32) / i64 */
LLVMValueRef cg_popcount_mask(CgContext *cg, LLVMValueRef mask); /* i32 */
LLVMValueRef cg_select(CgContext *cg, LLVMValueRef c, LLVMValueRef a, LLVMValueRef b);
LLVMValueRef cg_lane_index(CgContext *cg); /* <0..G-1> i32 */
LLVMValueRef cg_first_lane(CgContext *cg, LLVMValueRef v); /* element of the first active lane */
LLVMValueRef cg_to_ptr_vec(CgContext *cg, LLVMValueRef addr64); /* <G x ptr> */
LLVMValueRef cg_flush_denorm(CgContext *cg, LLVMValueRef v); /* .ftz on f32 */
LLVMValueRef cg_canon_nan(CgContext *cg, LLVMValueRef v);
/* Round-to-nearest narrowing to float/half/bfloat without libcalls (f64 -> 16-bit goes
 * through round-to-odd f32, so it is rounded once). */
LLVMValueRef cg_fp_narrow(CgContext *cg, LLVMValueRef v, LLVMTypeRef to_scalar);
/* Directed rounding from a round-to-nearest result `rn` and whether the exact value lies
 * above (`above`) or below (`below`) it: mode ".rz", ".rm" or ".rp" (".rn" returns rn). */
LLVMValueRef cg_round_directed(CgContext *cg, LLVMValueRef rn, LLVMValueRef above, LLVMValueRef below,
                               const char *mode);
LLVMBasicBlockRef cg_new_bb(CgContext *cg, const char *name);
/* Loop over the active lanes of `mask` (lane by lane, in lane order): body_fn is called
 * with the builder in the loop body and the lane index (i32); it returns an optional
 * per-lane result scalar collected into a vector of type `result_vtype` (or NULL). */
typedef LLVMValueRef (*CgLaneBody)(CgContext *cg, LLVMValueRef lane, void *user);
LLVMValueRef cg_for_each_lane(CgContext *cg, LLVMValueRef mask, LLVMTypeRef result_vtype,
                              CgLaneBody body, void *user);

/* ---- Memory helpers (emit_mem.c). ---- */
enum { CG_ADDR_UNKNOWN = 0, CG_ADDR_UNIFORM, CG_ADDR_CONSECUTIVE, CG_ADDR_SCATTERED };
/* Whether a register is UNIFORM by the analysis (written without the mask). */
bool cg_reg_uniform(CgContext *cg, const PtxReg *reg);
/* Per-lane host pointers for a memory operand [base+off] in `space`. */
LLVMValueRef cg_address(CgContext *cg, const PtxOperand *o, PtxSpace space, PtxType addr_type);
LLVMValueRef cg_load_vec(CgContext *cg, LLVMValueRef ptrs, LLVMTypeRef elem, LLVMValueRef mask,
                         bool is_volatile);
void cg_store_vec(CgContext *cg, LLVMValueRef ptrs, LLVMValueRef val, LLVMValueRef mask,
                  bool is_volatile);
CgParamSlot *cg_param_slot(CgContext *cg, const PtxVar *var);

/* ---- Control (cg_func.c). ---- */
void cg_set_mask(CgContext *cg, LLVMValueRef mask); /* updates the current mask */
bool cg_emit_call(CgContext *cg, const PtxInstr *ins);
void cg_func_release(CgFunc *F);
bool cg_emit_barrier(CgContext *cg, const PtxInstr *ins, unsigned kind);
bool cg_emit_ret(CgContext *cg, const PtxInstr *ins, bool is_exit);
bool cg_emit_trap(CgContext *cg, const PtxInstr *ins, unsigned kind, LLVMValueRef msg);
bool cg_emit_yield(CgContext *cg, LLVMValueRef cond); /* let the CTA's other groups run */

/* ---- Module-level (cg_module.c). ---- */
struct CgKernelEntry;
struct CgModule {
  const PtxModule *ptx;
  unsigned group_size; /* from options; 0 = default */
  Arena arena;
  Map globals;         /* name -> CgGlobal, for cg_global_address */
  Map globals_by_var;  /* PtxVar pointer bytes -> CgGlobal */
  VEC(struct CgGlobal *) global_list; /* every global once, in index order */
  pthread_mutex_t lock;
  VEC(struct CgKernelEntry *) kernels;
  char *cache_dir;
  uint64_t *func_handles; /* per PtxModule.funcs index: its address is the function's value */
  LLVMOrcJITDylibRef jd;  /* with a disk cache: this module's symbols; NULL otherwise */
  uint32_t nglobals;
};
/* The value of a function's address in PTX (mov %rd, f; initialisers; indirect calls): a
 * unique host address owned by the module. */
uint64_t cg_func_handle(CgModule *m, const PtxFunc *f);
typedef struct CgGlobal {
  const PtxVar *var;
  void *storage;
  size_t size;
  uint32_t index; /* "ptxvm.gv.<index>" in cached code */
} CgGlobal;
/* A function's address value as a scalar i64: a constant, or with the disk cache the
 * address of the absolute symbol "ptxvm.fh.<index>". */
LLVMValueRef cg_func_handle_value(CgContext *cg, const PtxFunc *f);
LLVMValueRef cg_global_value(CgContext *cg, CgGlobal *g); /* scalar i64 */
CgGlobal *cg_global_find(CgModule *m, const PtxVar *var);

/* Builds the group function of kernel `f` into cg->mod; returns its name. */
bool cg_build_kernel(CgContext *cg, const PtxFunc *f, const char *symbol);
void cg_context_init(CgContext *cg, LLVMContextRef ctx, LLVMModuleRef mod);

#endif
