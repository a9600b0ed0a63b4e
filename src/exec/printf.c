/* Device printf with CUDA's vprintf ABI: the format string and a buffer holding the
 * arguments, each aligned to its own size (int: 4 bytes; long, pointers and double: 8;
 * float arrives promoted to double, char and short promoted to int). Output is buffered
 * per worker and printed when the launch ends, ordered by CTA, each call's text whole. */
#include "exec_internal.h"

#include <inttypes.h>

/* Reads an argument of `size` bytes at the next `size`-aligned offset of args. */
static const uint8_t *printf_arg(const uint8_t *args, size_t *off, size_t size) {
  *off = ALIGN_UP(*off, size);
  const uint8_t *p = args + *off;
  *off += size;
  return p;
}

int32_t k_rt_vprintf(struct KWorker *w, const char *fmt, const void *argbuf) {
  if (!fmt) return -1;
  const uint8_t *args = argbuf;
  size_t off = 0;
  int32_t nargs = 0;
  size_t start = w->out.len;
  char spec[64];
  const char *p = fmt;
  while (*p) {
    if (*p != '%') {
      const char *q = strchr(p, '%');
      size_t n = q ? (size_t)(q - p) : strlen(p);
      strbuf_append(&w->out, p, n);
      p += n;
      continue;
    }
    const char *dir = p++;
    if (*p == '%') {
      strbuf_append(&w->out, "%", 1);
      p++;
      continue;
    }
    /* %[flags][width][.precision][length]conversion */
    p += strspn(p, "-+ #0'");
    bool star = false;
    if (*p == '*') star = true, p++;
    while (*p >= '0' && *p <= '9') p++;
    if (*p == '.') {
      p++;
      if (*p == '*') star = true, p++;
      while (*p >= '0' && *p <= '9') p++;
    }
    int longs = 0; /* 1 = l, 2 = ll / j / z / t / L (8 bytes on LP64), -1 = h, -2 = hh */
    for (;;) {
      if (*p == 'l') longs = longs >= 1 ? 2 : 1;
      else if (*p == 'h') longs = longs <= -1 ? -2 : -1;
      else if (*p == 'j' || *p == 'z' || *p == 't' || *p == 'L' || *p == 'q') longs = 2;
      else break;
      p++;
    }
    char conv = *p;
    if (!conv) { /* a lone % at the end prints as itself */
      strbuf_append(&w->out, dir, (size_t)(p - dir));
      break;
    }
    p++;
    size_t dlen = (size_t)(p - dir);
    if (star || dlen >= sizeof spec || !strchr("diouxXcsfFeEgGaApn", conv)) {
      /* '*' takes its width from an argument, which CUDA's printf does not support. */
      strbuf_append(&w->out, dir, dlen);
      continue;
    }
    /* The directive without its length modifier, which we re-add for the host's type. */
    size_t flen = 0;
    for (const char *c = dir; c < p - 1; c++)
      if (!strchr("hljztLq", *c)) spec[flen++] = *c;
    spec[flen] = 0;
    nargs++;
    switch (conv) {
    case 'd':
    case 'i': {
      long long v;
      if (longs >= 1) {
        int64_t x;
        memcpy(&x, printf_arg(args, &off, 8), 8);
        v = x;
      } else {
        int32_t x;
        memcpy(&x, printf_arg(args, &off, 4), 4);
        v = longs == -1 ? (short)x : longs == -2 ? (signed char)x : x;
      }
      memcpy(spec + flen, "ll", 2);
      spec[flen + 2] = conv;
      spec[flen + 3] = 0;
      strbuf_printf(&w->out, spec, v);
      break;
    }
    case 'o':
    case 'u':
    case 'x':
    case 'X': {
      unsigned long long v;
      if (longs >= 1) {
        uint64_t x;
        memcpy(&x, printf_arg(args, &off, 8), 8);
        v = x;
      } else {
        uint32_t x;
        memcpy(&x, printf_arg(args, &off, 4), 4);
        v = longs == -1 ? (unsigned short)x : longs == -2 ? (unsigned char)x : x;
      }
      memcpy(spec + flen, "ll", 2);
      spec[flen + 2] = conv;
      spec[flen + 3] = 0;
      strbuf_printf(&w->out, spec, v);
      break;
    }
    case 'c': {
      int32_t x;
      memcpy(&x, printf_arg(args, &off, 4), 4);
      spec[flen] = 'c';
      spec[flen + 1] = 0;
      strbuf_printf(&w->out, spec, (int)(unsigned char)x);
      break;
    }
    case 's': {
      const char *s;
      memcpy(&s, printf_arg(args, &off, 8), 8);
      spec[flen] = 's';
      spec[flen + 1] = 0;
      strbuf_printf(&w->out, spec, s ? s : "(null)");
      break;
    }
    case 'p': {
      const void *ptr;
      memcpy(&ptr, printf_arg(args, &off, 8), 8);
      spec[flen] = 'p';
      spec[flen + 1] = 0;
      strbuf_printf(&w->out, spec, ptr);
      break;
    }
    case 'n': /* writing through a device pointer from printf: not supported, as in CUDA */
      printf_arg(args, &off, 8);
      break;
    default: { /* f F e E g G a A: always a double */
      double d;
      memcpy(&d, printf_arg(args, &off, 8), 8);
      spec[flen] = conv;
      spec[flen + 1] = 0;
      strbuf_printf(&w->out, spec, d);
      break;
    }
    }
  }
  ExecPrintfEntry e = {w->cta, start, w->out.len - start};
  if (e.len) {
    /* Calls of the same CTA that follow each other print as one run. */
    if (w->entries.len && vec_last(&w->entries).cta == e.cta &&
        vec_last(&w->entries).offset + vec_last(&w->entries).len == start)
      vec_last(&w->entries).len += e.len;
    else
      vec_push(&w->entries, e);
  }
  return nargs;
}

/* Each worker claims CTAs in increasing order, so its entries are sorted by CTA: a merge
 * across workers prints the launch's output in CTA order. */
void exec_printf_flush(unsigned workers) {
  size_t pos[workers];
  bool any = false;
  for (unsigned i = 0; i < workers; i++) {
    pos[i] = 0;
    any |= exec_pool_worker(i)->entries.len != 0;
  }
  if (!any) return;
  for (;;) {
    KWorker *best = NULL;
    unsigned bi = 0;
    for (unsigned i = 0; i < workers; i++) {
      KWorker *w = exec_pool_worker(i);
      if (pos[i] < w->entries.len &&
          (!best || w->entries.data[pos[i]].cta < best->entries.data[pos[bi]].cta)) {
        best = w;
        bi = i;
      }
    }
    if (!best) break;
    ExecPrintfEntry *e = &best->entries.data[pos[bi]++];
    fwrite(best->out.data + e->offset, 1, e->len, stdout);
  }
  fflush(stdout);
  for (unsigned i = 0; i < workers; i++) {
    KWorker *w = exec_pool_worker(i);
    w->entries.len = 0;
    w->out.len = 0;
    if (w->out.data) w->out.data[0] = 0;
  }
}

void k_rt_assertfail(struct KWorker *w, uint32_t lane, const char *message, const char *file,
                     uint32_t line, const char *function) {
  ExecFault where;
  memset(&where, 0, sizeof where);
  exec_fault_locate(w, lane, &where);
  /* One write, so that lanes failing together print whole lines. */
  StrBuf sb = {0};
  strbuf_printf(&sb, "%s:%u: %s: block: [%u,%u,%u], thread: [%u,%u,%u] Assertion `%s` failed.\n",
                file ? file : "?", line, function ? function : "?", where.block.x,
                where.block.y, where.block.z, where.thread.x, where.thread.y, where.thread.z,
                message ? message : "?");
  fflush(stdout);
  fwrite(sb.data, 1, sb.len, stderr);
  strbuf_free(&sb);
}
