/* Entry payloads as bytes a reader can use: zstd frames (nvcc 13's default) are
 * decompressed with libzstd; plain payloads are copied. */
#include "fatbin_internal.h"

#include <inttypes.h>
#include <zstd.h>

/* A header that claims more than this is corrupt, not a real PTX file: the largest
 * PTX modules seen in libraries are tens of MiB. The ratio bound keeps a tiny corrupt
 * input from asking for a huge buffer. */
#define FATBIN_MAX_UNCOMPRESSED (1ull << 30)
#define FATBIN_MAX_RATIO 4096u

static void entry_error(DiagSink *d, DiagSeverity sev, const FatbinEntry *e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void entry_error(DiagSink *d, DiagSeverity sev, const FatbinEntry *e, const char *fmt, ...) {
  char target[32];
  fatbin_entry_target(e, target, sizeof target);
  StrBuf sb = {0};
  va_list ap;
  va_start(ap, fmt);
  strbuf_vprintf(&sb, fmt, ap);
  va_end(ap);
  diag_report(d, sev, (SrcLoc){0}, "fatbin entry %u (%s) at offset 0x%" PRIx64 ": %s", e->index,
              target, e->offset, sb.data);
  strbuf_free(&sb);
}

static bool zstd_decompress(const FatbinEntry *e, uint8_t **data, size_t *len, DiagSink *d) {
  uint64_t want = e->uncompressed_size;
  unsigned long long frame = ZSTD_getFrameContentSize(e->payload, e->payload_size);
  if (frame == ZSTD_CONTENTSIZE_ERROR) {
    entry_error(d, DIAG_ERROR, e, "payload is not a zstd frame (flags say zstd-compressed)");
    return false;
  }
  if (want == 0 && frame != ZSTD_CONTENTSIZE_UNKNOWN) want = frame;
  if (want == 0) {
    entry_error(d, DIAG_ERROR, e, "compressed payload with no uncompressed size");
    return false;
  }
  if (frame != ZSTD_CONTENTSIZE_UNKNOWN && frame != want) {
    entry_error(d, DIAG_ERROR, e,
                "header says %" PRIu64 " bytes uncompressed, the zstd frame says %llu", want,
                frame);
    return false;
  }
  if (want > FATBIN_MAX_UNCOMPRESSED || want / FATBIN_MAX_RATIO > e->payload_size) {
    entry_error(d, DIAG_ERROR, e,
                "implausible uncompressed size %" PRIu64 " for %" PRIu64 " compressed bytes", want,
                e->payload_size);
    return false;
  }
  uint8_t *out = xmalloc((size_t)want + 1);
  size_t got = ZSTD_decompress(out, (size_t)want, e->payload, (size_t)e->payload_size);
  if (ZSTD_isError(got)) {
    entry_error(d, DIAG_ERROR, e, "zstd decompression failed: %s", ZSTD_getErrorName(got));
    free(out);
    return false;
  }
  if (got != want) {
    entry_error(d, DIAG_ERROR, e, "decompressed to %zu bytes, header says %" PRIu64, got, want);
    free(out);
    return false;
  }
  out[got] = 0;
  *data = out;
  *len = got;
  return true;
}

bool fatbin_entry_data(const FatbinEntry *e, uint8_t **data, size_t *len, DiagSink *d) {
  *data = NULL;
  *len = 0;
  switch (e->compression) {
  case FATBIN_COMPRESSION_ZSTD:
    return zstd_decompress(e, data, len, d);
  case FATBIN_COMPRESSION_LZ:
    entry_error(d, DIAG_UNSUPPORTED, e,
                "payload uses the LZ-style compression of CUDA 11/12 fatbinaries (flags 0x%" PRIx64
                "), which ptxvm does not decode; rebuild with nvcc 13, or with "
                "-Xfatbin -compress=false",
                e->flags & (FATBIN_FLAG_COMPRESS_LZ | FATBIN_FLAG_COMPRESS_LZ4));
    return false;
  case FATBIN_COMPRESSION_NONE:
    break;
  }
  if (e->payload_size > SIZE_MAX - 1) {
    entry_error(d, DIAG_ERROR, e, "payload of %" PRIu64 " bytes is too large", e->payload_size);
    return false;
  }
  uint8_t *out = xmalloc((size_t)e->payload_size + 1);
  memcpy(out, e->payload, (size_t)e->payload_size);
  out[e->payload_size] = 0;
  *data = out;
  *len = (size_t)e->payload_size;
  return true;
}

bool fatbin_entry_ptx_text(const FatbinEntry *e, char **text, size_t *len, DiagSink *d) {
  *text = NULL;
  *len = 0;
  if (e->kind != FATBIN_KIND_PTX) {
    char kind[24];
    entry_error(d, DIAG_ERROR, e, "is %s code, not PTX",
                fatbin_kind_name(e->kind, kind, sizeof kind));
    return false;
  }
  uint8_t *data;
  size_t n;
  if (!fatbin_entry_data(e, &data, &n, d)) return false;
  /* nvcc stores the PTX with its NUL and pads plain payloads to 8 with more NULs. */
  while (n && data[n - 1] == 0)
    n--;
  const uint8_t *nul = memchr(data, 0, n);
  if (nul) {
    entry_error(d, DIAG_ERROR, e, "PTX text has a NUL byte at offset %zu of %zu",
                (size_t)(nul - data), n);
    free(data);
    return false;
  }
  data[n] = 0;
  *text = (char *)data;
  *len = n;
  return true;
}
