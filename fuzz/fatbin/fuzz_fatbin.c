/* libFuzzer target for the fatbin loader: any bytes, with their exact length, go through
 * fatbin_parse_memory, the PTX choice and decompression of every entry. Nothing may read
 * outside the input or crash; a failure must come with a diagnostic. */
#include "fatbin.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0; /* length 0 means "unknown" to the API: not for untrusted bytes */
  /* A private copy, so ASan's redzone sits right after the last byte. */
  uint8_t *copy = xmalloc(size);
  memcpy(copy, data, size);
  DiagSink d;
  diag_init(&d, "fuzz", NULL, 0);
  FatbinImage img;
  if (fatbin_parse_memory(copy, size, &img, &d)) {
    for (size_t i = 0; i < img.count; i++) {
      const FatbinEntry *e = &img.entries[i];
      uint8_t *bytes;
      size_t n;
      if (fatbin_entry_data(e, &bytes, &n, &d)) free(bytes);
      char *text;
      if (fatbin_entry_ptx_text(e, &text, &n, &d)) {
        if (text[n] != 0 || strlen(text) != n) __builtin_trap();
        free(text);
      }
      char buf[48];
      fatbin_entry_target(e, buf, sizeof buf);
      fatbin_flags_describe(e->flags, buf, sizeof buf);
    }
    for (unsigned cc = 50; cc <= 120; cc += 5) {
      const FatbinEntry *e = fatbin_choose_ptx(&img, cc, &d);
      if (e && e->kind != FATBIN_KIND_PTX) __builtin_trap();
    }
  } else if (!diag_has_errors(&d)) {
    __builtin_trap(); /* every failure says why */
  }
  StrBuf sb = {0};
  for (size_t i = 0; i < d.diags.len; i++)
    diag_render(&d.diags.data[i], &sb);
  strbuf_free(&sb);
  fatbin_image_fini(&img);
  diag_fini(&d);
  free(copy);
  return 0;
}
