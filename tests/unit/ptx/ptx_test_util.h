/* Helpers shared by the PTX front-end unit tests: parse a string expecting success (printing
 * the diagnostics when it fails) or failure (returning the rendered diagnostics). */
#ifndef PTXVM_PTX_TEST_UTIL_H
#define PTXVM_PTX_TEST_UTIL_H

#include "ptx.h"
#include "test.h"

/* Parses `src`; on errors prints them and returns NULL. */
static inline PtxModule *parse_ok(const char *src) {
  DiagSink d;
  diag_init(&d, "test.ptx", src, strlen(src));
  PtxModule *m = ptx_module_parse(src, strlen(src), "test.ptx", &d);
  if (!m || d.diags.len) diag_print(&d, stderr);
  diag_fini(&d);
  return m;
}

/* Parses `src` expecting failure; returns the rendered diagnostics (heap, caller frees) or
 * NULL when it unexpectedly parsed. */
static inline char *parse_fail(const char *src) {
  DiagSink d;
  diag_init(&d, "test.ptx", src, strlen(src));
  PtxModule *m = ptx_module_parse(src, strlen(src), "test.ptx", &d);
  char *text = NULL;
  if (m) {
    ptx_module_destroy(m);
  } else {
    StrBuf sb = {0};
    for (size_t i = 0; i < d.diags.len; i++) diag_render(&d.diags.data[i], &sb);
    text = sb.data ? sb.data : xstrdup("");
  }
  diag_fini(&d);
  return text;
}

/* The canonical text of a module (heap, caller frees). */
static inline char *print_module(const PtxModule *m) {
  StrBuf sb = {0};
  ptx_module_print(m, &sb);
  return sb.data ? sb.data : xstrdup("");
}

/* The first instruction of the first function with a body. */
static inline PtxInstr *first_instr(PtxModule *m, uint32_t nth) {
  for (uint32_t f = 0; f < m->nfuncs; f++) {
    for (uint32_t i = 0; i < m->funcs[f]->nbody; i++) {
      if (m->funcs[f]->body[i].kind != PTX_STMT_INSTR) continue;
      if (nth-- == 0) return m->funcs[f]->body[i].instr;
    }
  }
  return NULL;
}

#define KERNEL_HEAD ".version 8.0\n.target sm_80\n.address_size 64\n"

#endif
