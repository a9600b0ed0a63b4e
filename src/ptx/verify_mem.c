/* ptx verifier, memory operands: the state space an instruction names against the variable
 * it addresses, writes to read-only memory (.const, kernel parameters) and the width of
 * address registers. */
#include "verify_internal.h"

static bool var_is_kernel_param(const PtxVar *var) {
  const PtxFunc *f = var->owner;
  if (!f || !f->is_entry || var->space != PTX_SPACE_PARAM) return false;
  for (uint32_t i = 0; i < f->nparams; i++)
    if (f->params[i] == var) return true;
  return false;
}

/* A variable named in an address lives in one state space; an instruction that names a
 * different one cannot reach it (generic addressing aside): ld.global [a .shared var]. */
static bool spaces_agree(PtxSpace ins_space, PtxSpace var_space) {
  if (ins_space == PTX_SPACE_GENERIC || ins_space == var_space) return true;
  if ((ins_space == PTX_SPACE_SHARED || ins_space == PTX_SPACE_SHARED_CLUSTER) &&
      (var_space == PTX_SPACE_SHARED || var_space == PTX_SPACE_SHARED_CLUSTER))
    return true;
  /* only spaces we are sure of; texture, surface and unknown ones pass */
  switch (var_space) {
  case PTX_SPACE_CONST:
  case PTX_SPACE_GLOBAL:
  case PTX_SPACE_LOCAL:
  case PTX_SPACE_PARAM:
  case PTX_SPACE_SHARED:
  case PTX_SPACE_SHARED_CLUSTER: break;
  default: return true;
  }
  switch (ins_space) {
  case PTX_SPACE_CONST:
  case PTX_SPACE_GLOBAL:
  case PTX_SPACE_LOCAL:
  case PTX_SPACE_PARAM:
  case PTX_SPACE_SHARED:
  case PTX_SPACE_SHARED_CLUSTER: return false;
  default: return true;
  }
}

/* Under .address_size 64, a .global or generic address held in a 32-bit register would be
 * the 32-bit ABI, which ptxas no longer supports ("32-Bit ABI ... is not supported");
 * .shared, .local, .const and .param windows are small enough for 32-bit offsets. */
static void check_address_width(Verifier *v, const PtxInstr *ins) {
  if (v->m->address_size != 64 || !v->address_size_given) return;
  switch (ins->op) {
  case PTX_OP_LD:
  case PTX_OP_LDU:
  case PTX_OP_ST:
  case PTX_OP_ATOM:
  case PTX_OP_RED:
  case PTX_OP_PREFETCH:
  case PTX_OP_PREFETCHU:
  /* a generic mbarrier address too (mbarrier.init.b64 [%r1]); .shared ones take 32 bits */
  case PTX_OP_MBARRIER_INIT:
  case PTX_OP_MBARRIER_INVAL:
  case PTX_OP_MBARRIER_EXPECT_TX:
  case PTX_OP_MBARRIER_COMPLETE_TX:
  case PTX_OP_MBARRIER_ARRIVE:
  case PTX_OP_MBARRIER_ARRIVE_DROP:
  case PTX_OP_MBARRIER_TEST_WAIT:
  case PTX_OP_MBARRIER_TRY_WAIT:
  case PTX_OP_CP_ASYNC_MBARRIER_ARRIVE: break;
  default: return;
  }
  PtxSpace space = ptx_instr_space(ins);
  if (space != PTX_SPACE_GLOBAL && space != PTX_SPACE_GENERIC) return;
  for (uint32_t k = 0; k < ins->noperands; k++) {
    const PtxOperand *o = &ins->operands[k];
    if (o->kind != PTX_OPND_ADDR || !o->addr.base || o->addr.base->kind != PTX_OPND_REG) continue;
    const PtxReg *r = o->addr.base->reg;
    if (r && ptx_type_bits(r->type) == 32)
      verify_error(v, o->addr.base->loc,
                   "'%s' is %s, but %s addresses are 64 bits under "
                   ".address_size 64",
                   r->name, ptx_mod_text(r->type),
                   space == PTX_SPACE_GLOBAL ? ".global" : "generic");
  }
}

static void check_spaces(Verifier *v, const PtxInstr *ins) {
  switch (ins->op) {
  case PTX_OP_LD:
  case PTX_OP_LDU:
  case PTX_OP_ST:
  case PTX_OP_ATOM:
  case PTX_OP_RED:
  case PTX_OP_CVTA: break;
  default: return;
  }
  PtxSpace space = ptx_instr_space(ins);
  if (space == PTX_SPACE_GENERIC) {
    /* a .param symbol has no generic address of its own: ld.param reads it */
    if (ins->op == PTX_OP_CVTA) return;
    for (uint32_t k = 0; k < ins->noperands; k++) {
      const PtxOperand *o = &ins->operands[k];
      if (o->kind == PTX_OPND_ADDR && o->addr.base && o->addr.base->kind == PTX_OPND_VAR &&
          o->addr.base->var && o->addr.base->var->space == PTX_SPACE_PARAM)
        verify_error(v, o->loc,
                     "'%s' is in .param space; a generic '%s' cannot address it: "
                     "use %s.param",
                     o->addr.base->var->name, ptx_opcode_name(ins->op), ptx_opcode_name(ins->op));
    }
    return;
  }
  for (uint32_t k = 0; k < ins->noperands; k++) {
    const PtxOperand *o = &ins->operands[k];
    const PtxVar *var = NULL;
    if (o->kind == PTX_OPND_ADDR && o->addr.base && o->addr.base->kind == PTX_OPND_VAR)
      var = o->addr.base->var;
    else if (ins->op == PTX_OP_CVTA && o->kind == PTX_OPND_VAR)
      var = o->var;
    if (var && !spaces_agree(space, var->space))
      verify_error(v, o->loc, "'%s' is in %s space, but '%s' addresses %s", var->name,
                   ptx_space_name(var->space), ptx_opcode_name(ins->op), ptx_space_name(space));
  }
}

static void check_stores(Verifier *v, const PtxInstr *ins) {
  int addr;
  switch (ins->op) {
  case PTX_OP_ST:
  case PTX_OP_RED: addr = 0; break;
  case PTX_OP_ATOM: addr = 1; break;
  default: return;
  }
  if ((uint32_t)addr >= ins->noperands) return;
  const PtxOperand *a = &ins->operands[addr];
  if (ins->op != PTX_OP_ST && a->kind != PTX_OPND_ADDR) return;
  PtxSpace space = ptx_instr_space(ins);
  const PtxVar *base =
      a->kind == PTX_OPND_ADDR && a->addr.base && a->addr.base->kind == PTX_OPND_VAR
          ? a->addr.base->var
          : NULL;
  if (space == PTX_SPACE_CONST || (base && base->space == PTX_SPACE_CONST)) {
    verify_error(v, a->loc, "cannot store to .const memory: it is read-only");
  } else if (base && var_is_kernel_param(base)) {
    verify_error(v, a->loc,
                 "cannot store to kernel parameter '%s': the .param space of an "
                 ".entry is read-only",
                 base->name);
  }
}

void verify_memory(Verifier *v, const PtxInstr *ins) {
  check_stores(v, ins);
  check_spaces(v, ins);
  check_address_width(v, ins);
}
