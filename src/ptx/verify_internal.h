/* Private to the PTX verifier (verify*.c): the walk state and the helpers its files share. */
#ifndef PTXVM_PTX_VERIFY_INTERNAL_H
#define PTXVM_PTX_VERIFY_INTERNAL_H

#include "ptx.h"

#include <ctype.h>

typedef struct Verifier {
  const PtxModule *m;
  DiagSink *diags;
  const PtxFunc *fn;       /* the function being checked, NULL at module scope */
  SrcLoc target_loc;       /* the .target value, for notes; line 0 when absent */
  bool address_size_given; /* an .address_size directive is present (absent means 32 in old PTX) */
  bool failed;
} Verifier;

void verify_error(Verifier *v, SrcLoc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void verify_warning(Verifier *v, SrcLoc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* verify_instr.c: one instruction — operand shape, kinds and types; calls the rest. */
void verify_instr(Verifier *v, const PtxInstr *ins);

/* Helpers the verify_*.c files share (verify_instr.c). */
bool verify_type_is_bit(PtxType t);         /* .b8 .. .b128 */
bool verify_type_is_us(PtxType t);          /* .u8 .. .s64 */
bool verify_type_is_plain_float(PtxType t); /* .f16 .bf16 .f32 .f64 */
PtxType verify_type_widened(PtxType t);     /* .u32 -> .u64 for .wide; NONE when none */
/* "add.u32": the opcode and its type suffixes, in buf. */
const char *verify_instr_name(const PtxInstr *ins, char *buf, size_t size);
/* The operand as written, in buf. */
const char *verify_operand_text(const Verifier *v, const PtxOperand *o, char *buf, size_t size);
/* Where suffix `text` sits in the instruction's opcode token (the whole token if absent). */
SrcLoc verify_mod_loc(const Verifier *v, const PtxInstr *ins, const char *text);

/* verify_mods.c: suffixes, rounding, target and version requirements. */
bool verify_has_round(const PtxInstr *ins, bool integer_rounding);
void verify_mod_not_allowed(Verifier *v, const PtxInstr *ins, PtxMod mod);
/* Reports `what` when the module's target is below sm_`sm` or its version below `ptx`
 * (major*10+minor); 0 skips either check. */
void verify_require(Verifier *v, const PtxInstr *ins, const char *what, unsigned sm, unsigned ptx);
void verify_modifiers(Verifier *v, const PtxInstr *ins, const PtxOpInfo *info);
void verify_requirements(Verifier *v, const PtxInstr *ins);

/* verify_mem.c: state spaces, read-only memory, address widths. */
void verify_memory(Verifier *v, const PtxInstr *ins);

#endif
