/* ptx IR: the opcode, modifier and special-register tables (from ops.def, mods.def,
 * sregs.def), their hashed lookups, and the small queries on instructions, types,
 * variables and modules that every later layer uses. */
#include "ptx_internal.h"

#include <pthread.h>

/* ---- Tables ---- */

/* Short names for ops.def's TYPES and MODS columns, local to this file. */
#define P PTX_TC_PRED
#define B PTX_TC_B
#define U PTX_TC_U
#define S PTX_TC_S
#define F16 PTX_TC_F16
#define BF16 PTX_TC_BF16
#define TF32 PTX_TC_TF32
#define F32 PTX_TC_F32
#define F64 PTX_TC_F64
#define F8 PTX_TC_F8
#define SUB PTX_TC_SUB
#define NONE PTX_TC_NONE
#define ROUND (1u << PTX_MODCAT_ROUND)
#define CMP (1u << PTX_MODCAT_CMP)
#define BOOL (1u << PTX_MODCAT_BOOL)
#define SPACE (1u << PTX_MODCAT_SPACE)
#pragma push_macro("VEC")
#undef VEC
#define VEC (1u << PTX_MODCAT_VEC)
#define CACHE (1u << PTX_MODCAT_CACHE)
#define SEM (1u << PTX_MODCAT_SEM)
#define SCOPE (1u << PTX_MODCAT_SCOPE)
#define ATOMOP (1u << PTX_MODCAT_ATOMOP)
#define SHAPE (1u << PTX_MODCAT_SHAPE)
#define OTHER (1u << PTX_MODCAT_OTHER)
#define NOMODS 0u
static const PtxOpInfo op_table[PTX_OP_COUNT] = {
#define PTX_OP(id, name, shape, types, mods) {name, shape, types, mods},
#include "ops.def"
#undef PTX_OP
};
#undef P
#undef B
#undef U
#undef S
#undef F16
#undef BF16
#undef TF32
#undef F32
#undef F64
#undef F8
#undef SUB
#undef NONE
#undef ROUND
#undef CMP
#undef BOOL
#undef SPACE
#undef VEC
#pragma pop_macro("VEC")
#undef CACHE
#undef SEM
#undef SCOPE
#undef ATOMOP
#undef SHAPE
#undef OTHER
#undef NOMODS

static const struct {
  const char *text;
  PtxModCategory cat;
} mod_table[PTX_MOD_COUNT] = {
    {"", PTX_MODCAT_OTHER},
#define PTX_MOD(id, text, cat) {text, PTX_MODCAT_##cat},
#include "mods.def"
#undef PTX_MOD
};

static const struct {
  const char *name;
  bool vec;
} sreg_table[PTX_SREG_COUNT] = {
#define PTX_SREG(id, name, vec) {name, vec},
#include "sregs.def"
#undef PTX_SREG
};

/* Name -> index hash tables, built once (parsers may run on several threads). */
typedef struct NameTab {
  uint16_t *slots; /* index + 1; 0 = empty */
  uint32_t mask;
} NameTab;

static NameTab op_names, mod_names, sreg_names;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

uint32_t ptx_hash(const char *s, size_t len) {
  uint32_t h = PTX_HASH_INIT;
  for (size_t i = 0; i < len; i++) h = ptx_hash_step(h, (unsigned char)s[i]);
  return ptx_hash_finish(h);
}

static void nametab_build(NameTab *t, unsigned count, const char *(*name_of)(unsigned)) {
  uint32_t cap = 64;
  while (cap < count * 4) cap *= 2;
  t->slots = xcalloc(cap, sizeof(uint16_t));
  t->mask = cap - 1;
  for (unsigned i = 0; i < count; i++) {
    const char *n = name_of(i);
    if (!n || !*n) continue;
    uint32_t h = ptx_hash(n, strlen(n)) & t->mask;
    while (t->slots[h]) h = (h + 1) & t->mask;
    t->slots[h] = (uint16_t)(i + 1);
  }
}

static int nametab_find(const NameTab *t, const char *s, size_t len,
                        const char *(*name_of)(unsigned)) {
  uint32_t h = ptx_hash(s, len) & t->mask;
  for (;;) {
    unsigned v = t->slots[h];
    if (!v) return -1;
    const char *n = name_of(v - 1);
    if (strncmp(n, s, len) == 0 && n[len] == 0) return (int)(v - 1);
    h = (h + 1) & t->mask;
  }
}

static const char *op_name_of(unsigned i) { return op_table[i].name; }
static const char *mod_name_of(unsigned i) { return mod_table[i].text; }
static const char *sreg_name_of(unsigned i) { return sreg_table[i].name; }

static void tables_build(void) {
  nametab_build(&op_names, PTX_OP_COUNT, op_name_of);
  nametab_build(&mod_names, PTX_MOD_COUNT, mod_name_of);
  nametab_build(&sreg_names, PTX_SREG_COUNT, sreg_name_of);
}

static inline void tables_init(void) { pthread_once(&tables_once, tables_build); }

const PtxOpInfo *ptx_op_info(PtxOpcode op) {
  ASSERT((unsigned)op < PTX_OP_COUNT);
  return &op_table[op];
}

const char *ptx_opcode_name(PtxOpcode op) {
  return (unsigned)op < PTX_OP_COUNT ? op_table[op].name : "?";
}

PtxOpcode ptx_opcode_lookup(const char *name, size_t len) {
  tables_init();
  int i = nametab_find(&op_names, name, len, op_name_of);
  return i < 0 ? PTX_OP_COUNT : (PtxOpcode)i;
}

const char *ptx_mod_text(PtxMod mod) {
  return (unsigned)mod < PTX_MOD_COUNT ? mod_table[mod].text : "";
}

PtxModCategory ptx_mod_category(PtxMod mod) {
  return (unsigned)mod < PTX_MOD_COUNT ? mod_table[mod].cat : PTX_MODCAT_OTHER;
}

PtxMod ptx_mod_lookup(const char *text, size_t len) {
  tables_init();
  int i = nametab_find(&mod_names, text, len, mod_name_of);
  return i <= 0 ? PTX_MOD_NONE : (PtxMod)i;
}

const char *ptx_sreg_name(PtxSreg s) {
  return (unsigned)s < PTX_SREG_COUNT ? sreg_table[s].name : "%?";
}

bool ptx_sreg_is_vector(PtxSreg s) {
  return (unsigned)s < PTX_SREG_COUNT && sreg_table[s].vec;
}

int ptx_sreg_lookup(const char *name, size_t len) {
  tables_init();
  return nametab_find(&sreg_names, name, len, sreg_name_of);
}

const char *ptx_space_name(PtxSpace s) {
  switch (s) {
  case PTX_SPACE_GENERIC: return "";
  case PTX_SPACE_REG: return ".reg";
  case PTX_SPACE_SREG: return ".sreg";
  case PTX_SPACE_CONST: return ".const";
  case PTX_SPACE_GLOBAL: return ".global";
  case PTX_SPACE_LOCAL: return ".local";
  case PTX_SPACE_PARAM: return ".param";
  case PTX_SPACE_SHARED: return ".shared";
  case PTX_SPACE_SHARED_CLUSTER: return ".shared::cluster";
  case PTX_SPACE_TEX: return ".tex";
  }
  return "?";
}

/* ---- Types ---- */

unsigned ptx_type_bits(PtxType t) {
  switch (t) {
  case PTX_MOD_PRED: case PTX_MOD_B1: return 1;
  case PTX_MOD_B4: case PTX_MOD_U4: case PTX_MOD_S4: case PTX_MOD_E2M1: return 4;
  case PTX_MOD_E2M3: case PTX_MOD_E3M2: return 8; /* fp6 values occupy a byte */
  case PTX_MOD_B8: case PTX_MOD_U8: case PTX_MOD_S8: case PTX_MOD_E4M3: case PTX_MOD_E5M2:
  case PTX_MOD_UE8M0: case PTX_MOD_UE4M3: case PTX_MOD_E2M1X2: return 8;
  case PTX_MOD_B16: case PTX_MOD_U16: case PTX_MOD_S16: case PTX_MOD_F16: case PTX_MOD_BF16:
  case PTX_MOD_E4M3X2: case PTX_MOD_E5M2X2: case PTX_MOD_E2M3X2: case PTX_MOD_E3M2X2:
  case PTX_MOD_UE8M0X2: case PTX_MOD_E2M1X4: return 16;
  case PTX_MOD_B32: case PTX_MOD_U32: case PTX_MOD_S32: case PTX_MOD_F32: case PTX_MOD_F16X2:
  case PTX_MOD_BF16X2: case PTX_MOD_TF32: case PTX_MOD_U16X2: case PTX_MOD_S16X2:
  case PTX_MOD_E4M3X4: case PTX_MOD_E5M2X4: case PTX_MOD_E2M3X4: case PTX_MOD_E3M2X4: return 32;
  case PTX_MOD_B64: case PTX_MOD_U64: case PTX_MOD_S64: case PTX_MOD_F64: case PTX_MOD_F32X2:
    return 64;
  case PTX_MOD_B128: case PTX_MOD_B8X16: case PTX_MOD_B6X16_P32: case PTX_MOD_B4X16_P64: return 128;
  case PTX_MOD_B1024: return 1024;
  default: return 0;
  }
}

uint32_t ptx_type_class(PtxType t) {
  switch (t) {
  case PTX_MOD_PRED: return PTX_TC_PRED;
  case PTX_MOD_B8: case PTX_MOD_B16: case PTX_MOD_B32: case PTX_MOD_B64: case PTX_MOD_B128:
  case PTX_MOD_B1024: return PTX_TC_B;
  case PTX_MOD_U8: case PTX_MOD_U16: case PTX_MOD_U32: case PTX_MOD_U64: return PTX_TC_U;
  case PTX_MOD_S8: case PTX_MOD_S16: case PTX_MOD_S32: case PTX_MOD_S64: return PTX_TC_S;
  case PTX_MOD_F16: case PTX_MOD_F16X2: return PTX_TC_F16;
  case PTX_MOD_BF16: case PTX_MOD_BF16X2: return PTX_TC_BF16;
  case PTX_MOD_TF32: return PTX_TC_TF32;
  case PTX_MOD_F32: case PTX_MOD_F32X2: return PTX_TC_F32;
  case PTX_MOD_F64: return PTX_TC_F64;
  case PTX_MOD_E4M3: case PTX_MOD_E5M2: case PTX_MOD_E4M3X2: case PTX_MOD_E5M2X2:
  case PTX_MOD_E4M3X4: case PTX_MOD_E5M2X4: case PTX_MOD_E2M1: case PTX_MOD_E2M1X2:
  case PTX_MOD_E2M1X4: case PTX_MOD_E2M3: case PTX_MOD_E2M3X2: case PTX_MOD_E2M3X4:
  case PTX_MOD_E3M2: case PTX_MOD_E3M2X2: case PTX_MOD_E3M2X4: case PTX_MOD_UE8M0:
  case PTX_MOD_UE8M0X2: case PTX_MOD_UE4M3: return PTX_TC_F8;
  case PTX_MOD_B1: case PTX_MOD_B4: case PTX_MOD_U4: case PTX_MOD_S4: case PTX_MOD_U16X2:
  case PTX_MOD_S16X2: case PTX_MOD_B8X16: case PTX_MOD_B6X16_P32: case PTX_MOD_B4X16_P64:
    return PTX_TC_SUB;
  default: return 0;
  }
}

bool ptx_type_is_float(PtxType t) {
  return (ptx_type_class(t) &
          (PTX_TC_F16 | PTX_TC_BF16 | PTX_TC_TF32 | PTX_TC_F32 | PTX_TC_F64 | PTX_TC_F8)) != 0;
}

bool ptx_type_is_signed(PtxType t) {
  return t == PTX_MOD_S8 || t == PTX_MOD_S16 || t == PTX_MOD_S32 || t == PTX_MOD_S64 ||
         t == PTX_MOD_S4 || t == PTX_MOD_S16X2;
}

bool ptx_type_is_int(PtxType t) {
  return (ptx_type_class(t) & (PTX_TC_B | PTX_TC_U | PTX_TC_S)) != 0;
}

/* ---- Instructions ---- */

bool ptx_instr_has_mod(const PtxInstr *ins, PtxMod mod) {
  for (uint32_t i = 0; i < ins->nmods; i++)
    if (ins->mods[i] == mod) return true;
  return false;
}

PtxMod ptx_instr_mod_of(const PtxInstr *ins, PtxModCategory cat) {
  for (uint32_t i = 0; i < ins->nmods; i++)
    if (ptx_mod_category(ins->mods[i]) == cat) return ins->mods[i];
  return PTX_MOD_NONE;
}

PtxSpace ptx_space_of_mod(PtxMod mod) {
  switch (mod) {
  case PTX_MOD_GLOBAL: return PTX_SPACE_GLOBAL;
  case PTX_MOD_SHARED: case PTX_MOD_SHARED_CTA: return PTX_SPACE_SHARED;
  case PTX_MOD_SHARED_CLUSTER: return PTX_SPACE_SHARED_CLUSTER;
  case PTX_MOD_LOCAL: return PTX_SPACE_LOCAL;
  case PTX_MOD_CONST: return PTX_SPACE_CONST;
  case PTX_MOD_PARAM: case PTX_MOD_PARAM_ENTRY: case PTX_MOD_PARAM_FUNC: return PTX_SPACE_PARAM;
  case PTX_MOD_TEX: return PTX_SPACE_TEX;
  default: return PTX_SPACE_GENERIC;
  }
}

PtxSpace ptx_instr_space(const PtxInstr *ins) {
  return ptx_space_of_mod(ptx_instr_mod_of(ins, PTX_MODCAT_SPACE));
}

unsigned ptx_instr_vec(const PtxInstr *ins) {
  switch (ptx_instr_mod_of(ins, PTX_MODCAT_VEC)) {
  case PTX_MOD_V2: return 2;
  case PTX_MOD_V4: return 4;
  case PTX_MOD_V8: return 8;
  default: return 1;
  }
}

/* ---- Variables, functions, modules ---- */

static uint64_t var_elem_size(const PtxVar *var) {
  if (var->opaque) return 8; /* texture/surface/sampler handles are 64-bit */
  uint64_t bits = ptx_type_bits(var->type);
  uint64_t bytes = bits < 8 ? 1 : bits / 8;
  return bytes * (var->vec ? var->vec : 1);
}

uint64_t ptx_var_size(const PtxVar *var) {
  uint64_t n = var_elem_size(var);
  for (uint32_t i = 0; i < var->ndims; i++) n *= var->dims[i];
  return n;
}

uint32_t ptx_var_align(const PtxVar *var) {
  if (var->align) return var->align;
  return (uint32_t)var_elem_size(var);
}

uint32_t ptx_func_param_layout(const PtxFunc *func, uint32_t *offsets) {
  uint64_t off = 0;
  for (uint32_t i = 0; i < func->nparams; i++) {
    const PtxVar *v = func->params[i];
    uint32_t a = ptx_var_align(v);
    if (!a) a = 1;
    off = (off + a - 1) / a * a;
    if (offsets) offsets[i] = (uint32_t)off;
    off += ptx_var_size(v);
  }
  return (uint32_t)off;
}

PtxFunc *ptx_module_find_func(const PtxModule *module, const char *name) {
  PtxFunc *decl = NULL;
  for (uint32_t i = 0; i < module->nfuncs; i++) {
    PtxFunc *f = module->funcs[i];
    if (strcmp(f->name, name) != 0) continue;
    if (!f->is_declaration) return f;
    decl = f;
  }
  return decl;
}

PtxVar *ptx_module_find_global(const PtxModule *module, const char *name) {
  for (uint32_t i = 0; i < module->nglobals; i++)
    if (strcmp(module->globals[i]->name, name) == 0) return module->globals[i];
  return NULL;
}

void ptx_module_destroy(PtxModule *module) {
  if (!module) return;
  strtab_fini(&module->strings);
  arena_fini(&module->arena);
  free(module);
}
