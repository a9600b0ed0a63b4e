/* Diagnostics collected per input and rendered like a compiler's: file:line:col, message,
 * the source line and a caret under the offending bytes. */
#include "base.h"

#include <stdlib.h>
#include <string.h>

void diag_init(DiagSink *sink, const char *file, const char *src, size_t src_len) {
  memset(sink, 0, sizeof(*sink));
  sink->file = file;
  sink->src = src;
  sink->src_len = src_len;
}

void diag_fini(DiagSink *sink) {
  for (size_t i = 0; i < sink->diags.len; i++) {
    Diag *d = &sink->diags.data[i];
    free(d->file);
    free(d->message);
    free(d->line_text);
  }
  vec_free(&sink->diags);
}

const char *diag_severity_name(DiagSeverity sev) {
  switch (sev) {
  case DIAG_NOTE: return "note";
  case DIAG_WARNING: return "warning";
  case DIAG_ERROR: return "error";
  case DIAG_UNSUPPORTED: return "unsupported";
  }
  return "?";
}

/* Finds line `line` (1-based) of the source; returns NULL when out of range. */
static char *source_line(const char *src, size_t len, uint32_t line) {
  if (!src || line == 0) return NULL;
  size_t i = 0;
  for (uint32_t l = 1; l < line; l++) {
    const char *nl = memchr(src + i, '\n', len - i);
    if (!nl) return NULL;
    i = (size_t)(nl - src) + 1;
  }
  size_t end = i;
  while (end < len && src[end] != '\n' && src[end] != '\r') end++;
  char *out = xmalloc(end - i + 1);
  memcpy(out, src + i, end - i);
  out[end - i] = 0;
  return out;
}

void diag_vreport(DiagSink *sink, DiagSeverity sev, SrcLoc loc, const char *fmt, va_list ap) {
  bool counts = sev == DIAG_ERROR || sev == DIAG_UNSUPPORTED;
  if (counts) sink->errors++;
  if (sink->max_errors && counts && sink->errors > sink->max_errors) return;
  StrBuf msg = {0};
  strbuf_vprintf(&msg, fmt, ap);
  Diag d = {
      .severity = sev,
      .loc = loc,
      .file = sink->file ? xstrdup(sink->file) : NULL,
      .message = msg.data ? msg.data : xstrdup(""),
      .line_text = source_line(sink->src, sink->src_len, loc.line),
  };
  vec_push(&sink->diags, d);
}

void diag_report(DiagSink *sink, DiagSeverity sev, SrcLoc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_vreport(sink, sev, loc, fmt, ap);
  va_end(ap);
}

bool diag_has_errors(const DiagSink *sink) {
  return sink->errors > 0;
}

bool diag_full(const DiagSink *sink) {
  return sink->max_errors && sink->errors >= sink->max_errors;
}

void diag_render(const Diag *d, StrBuf *out) {
  if (d->file) strbuf_puts(out, d->file);
  if (d->loc.line) {
    strbuf_printf(out, "%s%u:%u", d->file ? ":" : "", d->loc.line, d->loc.col);
  }
  if (d->file || d->loc.line) strbuf_puts(out, ": ");
  strbuf_printf(out, "%s: %s\n", diag_severity_name(d->severity), d->message);
  if (d->line_text && d->loc.col) {
    strbuf_printf(out, "    %s\n    ", d->line_text);
    /* Tabs stay tabs so the caret lines up under the same bytes. */
    size_t linelen = strlen(d->line_text);
    for (uint32_t i = 1; i < d->loc.col; i++) {
      char c = (i - 1 < linelen && d->line_text[i - 1] == '\t') ? '\t' : ' ';
      strbuf_append(out, &c, 1);
    }
    strbuf_puts(out, "^");
    for (uint32_t i = 1; i < d->loc.len; i++) strbuf_puts(out, "~");
    strbuf_puts(out, "\n");
  }
}

void diag_print(const DiagSink *sink, FILE *out) {
  StrBuf sb = {0};
  for (size_t i = 0; i < sink->diags.len; i++) diag_render(&sink->diags.data[i], &sb);
  if (sink->max_errors && sink->errors > sink->max_errors) {
    strbuf_printf(&sb, "%s: note: stopped after %u errors\n", sink->file ? sink->file : "ptxvm",
                  sink->max_errors);
  }
  if (sb.len) fwrite(sb.data, 1, sb.len, out);
  strbuf_free(&sb);
}
