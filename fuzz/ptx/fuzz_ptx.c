/* libFuzzer target for the PTX front end: any bytes go through ptx_module_parse, and what
 * parses goes through ptx_module_verify and ptx_module_print; printed text must parse again
 * and print the same (the printer's fixed point). Nothing may crash, hang or read outside
 * the input, and a rejected input must come with at least one error diagnostic. */
#include "ptx.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void render_all(const DiagSink *d) {
  /* Rendering quotes source lines and draws carets: exercise it on every input. */
  StrBuf sb = {0};
  for (size_t i = 0; i < d->diags.len; i++) diag_render(&d->diags.data[i], &sb);
  strbuf_free(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* A private copy, not NUL-terminated, so ASan catches any read past the end. */
  char *src = xmalloc(size ? size : 1);
  memcpy(src, data, size);
  DiagSink d;
  diag_init(&d, "fuzz.ptx", src, size);
  PtxModule *m = ptx_module_parse(src, size, "fuzz.ptx", &d);
  render_all(&d);
  if (!m) {
    if (!diag_has_errors(&d)) __builtin_trap(); /* rejected without saying why */
  } else {
    DiagSink v;
    diag_init(&v, "fuzz.ptx", src, size);
    bool ok = ptx_module_verify(m, &v);
    render_all(&v);
    if (!ok && !diag_has_errors(&v)) __builtin_trap();
    StrBuf p1 = {0};
    ptx_module_print(m, &p1);
    if (ok && p1.len) {
      /* Verified input: the printed form must parse and print identically. */
      DiagSink d2;
      diag_init(&d2, "printed.ptx", p1.data, p1.len);
      PtxModule *m2 = ptx_module_parse(p1.data, p1.len, "printed.ptx", &d2);
      if (!m2) __builtin_trap();
      StrBuf p2 = {0};
      ptx_module_print(m2, &p2);
      if (p2.len != p1.len || memcmp(p1.data, p2.data, p1.len) != 0) __builtin_trap();
      strbuf_free(&p2);
      ptx_module_destroy(m2);
      diag_fini(&d2);
    }
    strbuf_free(&p1);
    diag_fini(&v);
    ptx_module_destroy(m);
  }
  diag_fini(&d);
  free(src);
  return 0;
}
