/* ptx: the PTX front end — lexer, parser into an arena-owned IR, verifier and printer.
 * Knows nothing of LLVM or of execution. This header is the IR every later layer reads
 * (analysis, codegen, driver), so it favours resolved objects over names: operands point
 * at registers, variables, functions and labels, never at strings to look up again. */
#ifndef PTXVM_PTX_H
#define PTXVM_PTX_H

#include "base.h"

/* ---- Opcodes: one row per opcode in ops.def, PTX_OP(ID, "name", ...). ---- */
typedef enum PtxOpcode {
#define PTX_OP(id, name, ...) PTX_OP_##id,
#include "ops.def"
#undef PTX_OP
  PTX_OP_COUNT
} PtxOpcode;

/* ---- Modifiers: every dot-suffix an instruction can carry — types included — is one
 * row of mods.def, PTX_MOD(ID, ".text", CATEGORY). An instruction keeps its suffixes in
 * source order, so printing reproduces them and codegen asks for what it needs. ---- */
typedef enum PtxModCategory {
  PTX_MODCAT_TYPE,      /* .s32 .f16x2 .pred ... */
  PTX_MODCAT_ROUND,     /* .rn .rz .rm .rp .rna .rs .rni .rzi .rmi .rpi */
  PTX_MODCAT_CMP,       /* .eq .ne .lt .le .gt .ge .lo .ls .hi .hs .equ .neu ... .num .nan */
  PTX_MODCAT_BOOL,      /* .and .or .xor (setp/set combination; also atom/red ops) */
  PTX_MODCAT_SPACE,     /* .global .shared .shared::cta .shared::cluster .local .const .param .param::entry ... */
  PTX_MODCAT_VEC,       /* .v2 .v4 .v8 */
  PTX_MODCAT_CACHE,     /* .ca .cg .cs .lu .cv .wb .wt .nc */
  PTX_MODCAT_SEM,       /* .volatile .relaxed .acquire .release .acq_rel .weak .mmio .sc */
  PTX_MODCAT_SCOPE,     /* .cta .cluster .gpu .sys */
  PTX_MODCAT_ATOMOP,    /* .add .inc .dec .exch .cas .min .max .and .or .xor ... */
  PTX_MODCAT_SHAPE,     /* .m16n8k16 .m8n8 .x4 .1d .2d .3d .a1d ... */
  PTX_MODCAT_OTHER,     /* .ftz .sat .approx .full .wide .lo .hi .uni .sync .aligned ... */
} PtxModCategory;

typedef enum PtxMod {
  PTX_MOD_NONE = 0,
#define PTX_MOD(id, text, cat) PTX_MOD_##id,
#include "mods.def"
#undef PTX_MOD
  PTX_MOD_COUNT
} PtxMod;

/* The scalar types, a subset of PtxMod so a type suffix needs no translation. */
typedef PtxMod PtxType; /* PTX_MOD_NONE, PTX_MOD_B32, PTX_MOD_F32, PTX_MOD_PRED, ... */

const char *ptx_mod_text(PtxMod mod);        /* ".rn" */
PtxModCategory ptx_mod_category(PtxMod mod);
PtxMod ptx_mod_lookup(const char *text, size_t len); /* text with the dot; NONE if unknown */
const char *ptx_opcode_name(PtxOpcode op);   /* "add" */
/* The opcode named by `name` exactly ("cp.async.bulk"), or PTX_OP_COUNT when none. */
PtxOpcode ptx_opcode_lookup(const char *name, size_t len);

/* Type classes of ops.def's TYPES column, one bit each. */
enum {
  PTX_TC_NONE = 0,
  PTX_TC_PRED = 1u << 0, /* .pred */
  PTX_TC_B = 1u << 1,    /* .b8 .. .b128 */
  PTX_TC_U = 1u << 2,    /* .u8 .. .u64 */
  PTX_TC_S = 1u << 3,    /* .s8 .. .s64 */
  PTX_TC_F16 = 1u << 4,  /* .f16 .f16x2 */
  PTX_TC_BF16 = 1u << 5, /* .bf16 .bf16x2 */
  PTX_TC_TF32 = 1u << 6,
  PTX_TC_F32 = 1u << 7,  /* .f32 .f32x2 */
  PTX_TC_F64 = 1u << 8,
  PTX_TC_F8 = 1u << 9,   /* .e4m3 .e5m2 .e2m1 .e2m3 .e3m2 .ue8m0 and their x2/x4 packings */
  PTX_TC_SUB = 1u << 10, /* .b1 .u4 .s4 .b4, .u16x2 .s16x2, .b8x16 ... packed integer forms */
};
/* An ops.def row as data: shape letters as documented there, TYPES as PTX_TC_* bits,
 * MODS as bits (1u << PtxModCategory). */
typedef struct PtxOpInfo {
  const char *name;
  const char *shape;
  uint32_t types;
  uint32_t mods;
} PtxOpInfo;
const PtxOpInfo *ptx_op_info(PtxOpcode op); /* op < PTX_OP_COUNT */
/* The type class bit (PTX_TC_*) of a type mod; 0 for a non-type. */
uint32_t ptx_type_class(PtxType t);

unsigned ptx_type_bits(PtxType t);  /* .pred = 1, .b32 = 32, .f16x2 = 32, .b128 = 128; 0 if not a type */
bool ptx_type_is_float(PtxType t);  /* f16 bf16 tf32 f32 f64 and packed/fp8 forms */
bool ptx_type_is_signed(PtxType t); /* s8..s64 */
bool ptx_type_is_int(PtxType t);    /* b/u/s of any width */

/* ---- State spaces of variables and of memory operations. ---- */
typedef enum PtxSpace {
  PTX_SPACE_GENERIC = 0, /* no space suffix on ld/st/atom */
  PTX_SPACE_REG,
  PTX_SPACE_SREG,
  PTX_SPACE_CONST,
  PTX_SPACE_GLOBAL,
  PTX_SPACE_LOCAL,
  PTX_SPACE_PARAM,
  PTX_SPACE_SHARED,         /* .shared and .shared::cta */
  PTX_SPACE_SHARED_CLUSTER, /* .shared::cluster */
  PTX_SPACE_TEX,
} PtxSpace;
const char *ptx_space_name(PtxSpace s); /* ".global" */

/* ---- Special registers, one row each in sregs.def: PTX_SREG(ID, "%name", has_xyz). ---- */
typedef enum PtxSreg {
#define PTX_SREG(id, name, vec) PTX_SREG_##id,
#include "sregs.def"
#undef PTX_SREG
  PTX_SREG_COUNT
} PtxSreg;
const char *ptx_sreg_name(PtxSreg s);

typedef struct PtxFunc PtxFunc;
typedef struct PtxVar PtxVar;
typedef struct PtxInstr PtxInstr;

/* A register: one object per register name (a range %r<100> becomes %r0..%r99). `id` is
 * dense within its function, so later layers index arrays with it. */
typedef struct PtxReg {
  const char *name; /* interned, e.g. "%r7" */
  PtxType type;
  uint8_t vec;      /* 0, or 2/4 for .reg .v4 .f32 %v */
  uint32_t id;
  SrcLoc loc;
} PtxReg;

/* A label inside a function body; `index` is the statement it precedes. */
typedef struct PtxLabel {
  const char *name;
  uint32_t id;    /* dense within the function */
  uint32_t stmt;  /* index into PtxFunc.body of its PTX_STMT_LABEL statement */
  SrcLoc loc;
  /* For `L: .branchtargets A, B;` and `P: .callprototype ...`: */
  struct PtxLabel **targets;
  uint32_t ntargets;
  PtxFunc *prototype; /* a bodiless PtxFunc describing the call signature */
} PtxLabel;

/* ---- Operands. ---- */
typedef enum PtxOperandKind {
  PTX_OPND_REG,     /* %r1, %v1.x (component), !%p (neg) */
  PTX_OPND_SREG,    /* %tid.x */
  PTX_OPND_IMM_INT, /* 42, 0x2a, 052, 0b101010, -1; value in imm.u (two's complement) */
  PTX_OPND_IMM_F32, /* 0f3F800000 (bits kept exactly) or a decimal float in an f32 op */
  PTX_OPND_IMM_F64, /* 0d3FF0000000000000 */
  PTX_OPND_VAR,     /* a variable's address: a .global/.shared/.param/... name, plus
                       sym_offset when written as sym+imm */
  PTX_OPND_FUNC,    /* a function: call target, or its address in mov */
  PTX_OPND_LABEL,   /* a label: bra target, brx.idx table, call prototype */
  PTX_OPND_ADDR,    /* [base+offset]: base is a REG, VAR or none (absolute [imm]) */
  PTX_OPND_VEC,     /* {a, b, _, d}: elems of kind REG, IMM or SINK */
  PTX_OPND_LIST,    /* (a, b, c) in call: parameters or return values */
  PTX_OPND_SINK,    /* _ */
  PTX_OPND_PAIR,    /* d|p (setp, shfl, elect, tex): list.elems[0] and [1] */
  PTX_OPND_TEX,     /* [tex, {coords}], [tex, sampler, {coords}], [surf, {x}]: list.elems */
} PtxOperandKind;

typedef struct PtxOperand PtxOperand;
struct PtxOperand {
  PtxOperandKind kind;
  SrcLoc loc;
  bool neg;          /* !%p, or -%r in a few forms */
  int8_t component;  /* -1 none; 0..3 for .x .y .z .w (also .r .g .b .a) */
  union {
    struct {
      PtxReg *reg;
      const char *sel; /* REG: video-instruction selector as written (".b0", ".h10"), or NULL */
    };
    PtxSreg sreg;
    union {
      uint64_t u;
      int64_t i;
      double f64;
      float f32;
      uint32_t f32_bits;
      uint64_t f64_bits;
    } imm;
    struct {
      PtxVar *var;
      int64_t sym_offset; /* VAR: `mov.u64 %rd1, tab+8` is tab's address plus 8 */
    };
    PtxFunc *func;
    PtxLabel *label;
    struct {
      PtxOperand *base; /* NULL for an absolute address */
      int64_t offset;
    } addr;
    struct {
      PtxOperand *elems;
      uint32_t count;
    } list; /* PTX_OPND_VEC and PTX_OPND_LIST */
  };
};

/* The position and, when .loc gave one, the CUDA source position of an instruction. */
typedef struct PtxDebugLoc {
  uint32_t file; /* .file index; 0 = none */
  uint32_t line, col;
} PtxDebugLoc;

struct PtxInstr {
  PtxOpcode op;
  SrcLoc loc;            /* in the PTX text */
  PtxDebugLoc dbg;       /* from the latest .loc */
  uint32_t nmods;
  PtxOperand *guard;     /* @%p / @!%p, or NULL */
  PtxMod *mods;          /* every suffix, in source order (types included); read-only:
                            instructions with the same spelling share one array */
  PtxOperand *operands;  /* call: [(rets),] target [, (args)] [, prototype label] */
  uint32_t noperands;
  uint8_t ntypes;
  PtxType types[4];      /* the type suffixes in order, NONE-padded: cvt.f32.s32 gives
                            {F32, S32}; the first four only (mma's block-scale type is a
                            fifth, in mods) */
};

bool ptx_instr_has_mod(const PtxInstr *ins, PtxMod mod);
/* The first suffix of a category, or PTX_MOD_NONE. */
PtxMod ptx_instr_mod_of(const PtxInstr *ins, PtxModCategory cat);
PtxSpace ptx_instr_space(const PtxInstr *ins); /* GENERIC when no space suffix */
unsigned ptx_instr_vec(const PtxInstr *ins);   /* 1, 2, 4 or 8 */

/* ---- Variables: module-scope and function-scope declarations, and parameters. ---- */
typedef enum PtxLinkage {
  PTX_LINK_NONE = 0,
  PTX_LINK_VISIBLE,
  PTX_LINK_EXTERN,
  PTX_LINK_WEAK,
  PTX_LINK_COMMON,
} PtxLinkage;

typedef enum PtxInitKind {
  PTX_INIT_INT,      /* integer (two's complement in u) */
  PTX_INIT_FLOAT,    /* bits in u, width from the variable's type */
  PTX_INIT_SYM,      /* a variable or function address, plus offset */
  PTX_INIT_GENERIC,  /* generic(sym) + offset */
  PTX_INIT_MASK,     /* 0xFF00(sym+off) or 0xFF00(generic(sym)+off): byte `mask_byte` of
                        the address (1 here); u = 1 when the address is generic */
  PTX_INIT_LIST,     /* { ... }, nested for arrays of arrays */
} PtxInitKind;

typedef struct PtxInit PtxInit;
struct PtxInit {
  PtxInitKind kind;
  SrcLoc loc;
  uint64_t u;
  union {
    PtxVar *var;
    PtxFunc *func;
  } sym;
  bool sym_is_func;
  int64_t offset;
  uint32_t mask_byte; /* PTX_INIT_MASK: which byte of the address */
  PtxInit *elems;     /* PTX_INIT_LIST */
  uint32_t count;
};

struct PtxVar {
  const char *name;
  PtxSpace space;
  PtxLinkage linkage;
  PtxType type;      /* element type; .texref/.surfref/.samplerref use `opaque` */
  const char *opaque; /* ".texref" etc., or NULL */
  uint8_t vec;       /* 0 or 2/4/8 */
  uint32_t align;    /* .align N, 0 if not given */
  uint32_t *dims;    /* array dimensions; 0 means [] (size from the initialiser or extern) */
  uint32_t ndims;
  uint64_t size;     /* total bytes after dims are known (0 for an unsized extern array) */
  PtxInit *init;     /* NULL when no initialiser */
  bool is_param_ptr; /* .param .u64 .ptr.global.align 16 x */
  PtxSpace ptr_space;
  uint32_t ptr_align;
  PtxFunc *owner;    /* function for locals and params, NULL at module scope */
  bool has_bank;     /* old PTX .const[N] banks */
  uint32_t bank;
  bool managed;      /* .attribute(.managed) */
  const char *attribute;   /* the whole .attribute(...) text, or NULL */
  const char *opaque_init; /* .samplerref/.texref initialiser { field = value, ... } text */
  PtxReg *reg;       /* a .reg parameter of a .func: the register its body reads */
  SrcLoc loc;
};

/* ---- Function bodies: a list of statements, scopes kept so the printer round-trips
 * (nvcc repeats `param0` in each call block); names are already resolved. ---- */
typedef enum PtxStmtKind {
  PTX_STMT_INSTR,
  PTX_STMT_LABEL,
  PTX_STMT_REG_DECL,  /* .reg .b32 %r<10>; the regs it made */
  PTX_STMT_VAR_DECL,  /* .local/.shared/.param/.const inside a body */
  PTX_STMT_SCOPE_BEGIN,
  PTX_STMT_SCOPE_END,
  PTX_STMT_LOC,       /* .loc file line col [, inlined_at ...] kept verbatim for printing */
  PTX_STMT_PRAGMA,    /* .pragma "nounroll"; */
  PTX_STMT_DIRECTIVE, /* any other body directive kept as text (e.g. .section inside) */
} PtxStmtKind;

typedef struct PtxRegDecl {
  PtxType type;
  uint8_t vec;
  const char *prefix;  /* "%r" for %r<100>, or the full name */
  uint32_t count;      /* 100 for %r<100>; 0 for a single named register */
  PtxReg **regs;       /* the registers it declares */
  uint32_t nregs;
} PtxRegDecl;

typedef struct PtxStmt {
  PtxStmtKind kind;
  SrcLoc loc;
  union {
    PtxInstr *instr;
    PtxLabel *label;
    PtxRegDecl *regdecl;
    PtxVar *var;
    const char *text; /* LOC, PRAGMA, DIRECTIVE: the directive's text */
  };
  PtxDebugLoc dbg; /* LOC: parsed file/line/col */
} PtxStmt;

typedef struct PtxFunc {
  const char *name;
  bool is_entry;       /* .entry (a kernel) or .func */
  bool is_declaration; /* no body: extern or prototype */
  PtxLinkage linkage;
  PtxVar **params;     /* .param (or .reg for .func) parameters in order */
  uint32_t nparams;
  PtxVar **rets;       /* .func return parameters */
  uint32_t nrets;
  /* Performance directives; 0 = absent. */
  uint32_t maxntid[3], reqntid[3], reqnctapercluster[3];
  uint32_t minnctapersm, maxnctapersm, maxnreg, maxclusterrank;
  bool noreturn, explicitcluster, blocksareclusters;
  uint32_t abi_preserve, abi_preserve_control; /* .func register-preservation hints */
  const char **pragmas; /* function-level .pragma strings */
  uint32_t npragmas;
  /* Body. */
  PtxStmt *body;
  uint32_t nbody;
  PtxReg **regs;       /* every register, by id */
  uint32_t nregs;
  PtxLabel **labels;   /* by id */
  uint32_t nlabels;
  PtxVar **locals;     /* .local/.shared/.param/.const declared in the body */
  uint32_t nlocals;
  SrcLoc loc;
} PtxFunc;

/* ---- The module. ---- */
typedef enum PtxItemKind {
  PTX_ITEM_VAR,
  PTX_ITEM_FUNC,       /* a declaration or a definition, in source order */
  PTX_ITEM_FILE,       /* .file N "name" [, timestamp, size] */
  PTX_ITEM_SECTION,    /* .section kept opaque (debug info); also `.alias a, b;` whose
                          effect is already applied: uses of a resolve to b's PtxFunc */
  PTX_ITEM_PRAGMA,
} PtxItemKind;

typedef struct PtxItem {
  PtxItemKind kind;
  SrcLoc loc;
  union {
    PtxVar *var;
    PtxFunc *func;
    const char *text; /* FILE, SECTION, PRAGMA: verbatim text of the directive */
  };
} PtxItem;

typedef struct PtxFile {
  uint32_t index;
  const char *name;
} PtxFile;

typedef struct PtxModule {
  Arena arena;          /* owns everything below, the source text included */
  StrTab strings;
  const char *filename; /* for diagnostics */
  const char *src;      /* the PTX text (copy) */
  size_t src_len;
  uint32_t version_major, version_minor; /* .version 8.0 */
  const char **targets; /* .target sm_80, texmode_independent, debug */
  uint32_t ntargets;
  uint32_t sm;          /* the numeric sm_XX / compute_XX target, e.g. 80; 0 if none */
  uint32_t address_size; /* 32 or 64; 64 when absent */
  bool has_address_size; /* .address_size was written (old PTX has none) */
  PtxItem *items;       /* top-level items in source order */
  uint32_t nitems;
  PtxFunc **funcs;      /* every function (entries and .func), in source order */
  uint32_t nfuncs;
  PtxVar **globals;     /* module-scope variables, in source order */
  uint32_t nglobals;
  PtxFile *files;
  uint32_t nfiles;
} PtxModule;

/* Parses PTX text into a module. The text is copied. Diagnostics go to `diags` (whose
 * file name and source the caller set up, or the parser sets them when NULL); parsing
 * recovers at ';' or '}' and stops after `diags->max_errors` (20 when unset). Returns NULL
 * when there were errors: no partially parsed module escapes. With `diags` NULL the
 * diagnostics are printed to stderr. On success a sink quoting `src` (or nothing) is
 * switched to the module's own copy, so the verifier's diagnostics quote lines too: give
 * it no more reports after ptx_module_destroy. Thread-safe: no global state. */
PtxModule *ptx_module_parse(const char *src, size_t len, const char *filename,
                            DiagSink *diags);

/* Checks what the grammar cannot: types and operand kinds per opcode (ops.def), modifier
 * combinations, definitions, labels, symbols. Reports to `diags`; returns false on error. */
bool ptx_module_verify(const PtxModule *module, DiagSink *diags);

/* Canonical PTX for the module, appended to `out`. print(parse(print(parse(x)))) equals
 * print(parse(x)). */
void ptx_module_print(const PtxModule *module, StrBuf *out);
void ptx_instr_print(const PtxInstr *ins, StrBuf *out);

void ptx_module_destroy(PtxModule *module);

/* Byte size and alignment of a variable (element type x vector x dims; .align wins). */
uint64_t ptx_var_size(const PtxVar *var);
uint32_t ptx_var_align(const PtxVar *var);
/* Kernel parameter buffer layout, shared by the driver (packing cuLaunchKernel's
 * arguments) and codegen (reading them): each parameter at the next multiple of its
 * alignment. offsets has func->nparams entries; returns the total size. */
uint32_t ptx_func_param_layout(const PtxFunc *func, uint32_t *offsets);

PtxFunc *ptx_module_find_func(const PtxModule *module, const char *name);
PtxVar *ptx_module_find_global(const PtxModule *module, const char *name);

#endif
