/* Private to the PTX verifier (verify*.c): the walk state and the helpers its files share. */
#ifndef PTXVM_PTX_VERIFY_INTERNAL_H
#define PTXVM_PTX_VERIFY_INTERNAL_H

#include "ptx.h"

#include <ctype.h>

typedef struct Verifier {
  const PtxModule *m;
  DiagSink *diags;
  const PtxFunc *fn; /* the function being checked, NULL at module scope */
  SrcLoc target_loc; /* the .target value, for notes; line 0 when absent */
  bool address_size_given; /* an .address_size directive is present (absent means 32 in old PTX) */
  bool failed;
} Verifier;

void verify_error(Verifier *v, SrcLoc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void verify_warning(Verifier *v, SrcLoc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* verify_instr.c: one instruction — operand shape, types, modifiers, requirements. */
void verify_instr(Verifier *v, const PtxInstr *ins);

#endif
