/* Fatbinary containers (magic 0xBA55ED50) and the entry headers inside them: every field
 * that locates bytes is checked against the container before anything points there. */
#include "fatbin_internal.h"

#include <inttypes.h>

static void region_error(FatbinBuilder *b, const FatbinRegion *r, uint64_t at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void region_error(FatbinBuilder *b, const FatbinRegion *r, uint64_t at, const char *fmt,
                         ...) {
  StrBuf sb = {0};
  va_list ap;
  va_start(ap, fmt);
  strbuf_vprintf(&sb, fmt, ap);
  va_end(ap);
  diag_report(b->d, DIAG_ERROR, (SrcLoc){0}, "%s%s%sat offset 0x%" PRIx64 ": %s",
              r->section ? "section " : "", r->section ? r->section : "", r->section ? " " : "",
              r->base_offset + at, sb.data);
  strbuf_free(&sb);
}

/* A string the header holds: {offset, length} from the entry header's start, inside it.
 * Trailing NULs and a non-text payload (sm_100 ELF entries keep binary data there) give
 * no string. */
static const char *header_string(FatbinBuilder *b, const uint8_t *hdr, uint32_t header_size,
                                 uint32_t off, uint32_t len) {
  if (len == 0 || off < FATBIN_ENTRY_HEADER_MIN || off > header_size || len > header_size - off)
    return NULL;
  const uint8_t *s = hdr + off;
  /* nvcc pads with NULs and surrounds options with spaces; neither carries meaning. */
  while (len && (s[len - 1] == 0 || s[len - 1] == ' '))
    len--;
  while (len && s[0] == ' ')
    s++, len--;
  for (uint32_t i = 0; i < len; i++)
    if (s[i] < 0x20 || s[i] > 0x7e) return NULL;
  return len ? arena_strndup(&b->img->arena, (const char *)s, len) : NULL;
}

static bool entry_parse(FatbinBuilder *b, const FatbinRegion *r, uint64_t at, uint64_t end,
                        unsigned container, unsigned ordinal, uint64_t *next) {
  const uint8_t *h = r->data + at;
  if (end - at < FATBIN_ENTRY_HEADER_MIN) {
    region_error(b, r, at,
                 "entry %u: header needs %u bytes, only %" PRIu64 " left in the container", ordinal,
                 FATBIN_ENTRY_HEADER_MIN, end - at);
    return false;
  }
  uint32_t header_size = fatbin_rd32(h + 4);
  uint64_t stored = fatbin_rd64(h + 8);
  uint32_t compressed_size = fatbin_rd32(h + 16);
  uint32_t options_at = fatbin_rd32(h + 20);
  uint32_t ident_off = fatbin_rd32(h + 32), ident_len = fatbin_rd32(h + 36);
  uint64_t flags = fatbin_rd64(h + 40);
  uint64_t uncompressed = fatbin_rd64(h + 56);

  if (header_size < FATBIN_ENTRY_HEADER_MIN || header_size > end - at) {
    region_error(b, r, at,
                 "entry %u: header size %u is outside [%u, %" PRIu64 "] (bytes left in the "
                 "container)",
                 ordinal, header_size, FATBIN_ENTRY_HEADER_MIN, end - at);
    return false;
  }
  uint64_t payload_at = at + header_size;
  if (stored > end - payload_at) {
    region_error(b, r, at,
                 "entry %u: payload of %" PRIu64 " bytes runs past the container's end "
                 "(%" PRIu64 " bytes left)",
                 ordinal, stored, end - payload_at);
    return false;
  }

  FatbinEntry e = {
      .container = container,
      .kind = fatbin_rd16(h),
      .arch = fatbin_rd32(h + 28),
      .version_minor = fatbin_rd16(h + 24),
      .version_major = fatbin_rd16(h + 26),
      .flags = flags,
      .section = r->section,
      .offset = r->base_offset + at,
      .payload = r->data + payload_at,
      .payload_size = stored,
      .uncompressed_size = stored,
  };
  if (flags & FATBIN_FLAG_COMPRESS_ZSTD) {
    e.compression = FATBIN_COMPRESSION_ZSTD;
  } else if (flags & (FATBIN_FLAG_COMPRESS_LZ | FATBIN_FLAG_COMPRESS_LZ4)) {
    e.compression = FATBIN_COMPRESSION_LZ;
  }
  if (e.compression != FATBIN_COMPRESSION_NONE) {
    /* The stored size is padded to 8; the compressed size says where the frame ends. */
    if (compressed_size == 0 || compressed_size > stored) {
      region_error(b, r, at,
                   "entry %u: compressed size %u does not fit its %" PRIu64 " stored bytes",
                   ordinal, compressed_size, stored);
      return false;
    }
    e.payload_size = compressed_size;
    e.uncompressed_size = uncompressed;
  } else {
    /* Plain payloads are padded with NULs to 8 bytes; the PTX reader trims them. */
    e.payload_size = stored;
  }
  if (options_at) {
    /* The options record {u32 offset, u32 length} sits in the header too. */
    if (options_at >= FATBIN_ENTRY_HEADER_MIN && options_at <= header_size - 8) {
      e.options = header_string(b, h, header_size, fatbin_rd32(h + options_at),
                                fatbin_rd32(h + options_at + 4));
    }
  }
  e.identifier = header_string(b, h, header_size, ident_off, ident_len);
  fatbin_builder_push(b, &e);
  LOG(LOG_FATBIN, "entry at 0x%" PRIx64 ": kind %u arch %u flags 0x%" PRIx64 " %" PRIu64 " bytes",
      e.offset, e.kind, e.arch, e.flags, e.payload_size);
  *next = payload_at + stored;
  return true;
}

bool fatbin_container_parse(FatbinBuilder *b, const FatbinRegion *r, uint64_t *consumed) {
  if (r->size < FATBIN_CONTAINER_HEADER_SIZE) {
    region_error(b, r, 0, "fatbin container header needs %u bytes, only %" PRIu64 " present",
                 FATBIN_CONTAINER_HEADER_SIZE, r->size);
    return false;
  }
  const uint8_t *h = r->data;
  uint32_t magic = fatbin_rd32(h);
  uint16_t version = fatbin_rd16(h + 4);
  uint16_t header_size = fatbin_rd16(h + 6);
  uint64_t body = fatbin_rd64(h + 8);
  if (magic != FATBIN_CONTAINER_MAGIC) {
    region_error(b, r, 0, "not a fatbin container: magic 0x%08x, expected 0x%08x", magic,
                 FATBIN_CONTAINER_MAGIC);
    return false;
  }
  if (version != 1) {
    diag_report(b->d, DIAG_UNSUPPORTED, (SrcLoc){0},
                "fatbin container at offset 0x%" PRIx64 " has version %u; ptxvm reads "
                "version 1",
                r->base_offset, version);
    return false;
  }
  if (header_size < FATBIN_CONTAINER_HEADER_SIZE || header_size > r->size) {
    region_error(b, r, 0, "fatbin container header size %u is outside [%u, %" PRIu64 "]",
                 header_size, FATBIN_CONTAINER_HEADER_SIZE, r->size);
    return false;
  }
  if (body > FATBIN_CONTAINER_MAX_SIZE || body > r->size - header_size) {
    region_error(
        b, r, 0, "fatbin container claims %" PRIu64 " bytes of entries, only %" PRIu64 " present",
        body, r->size == UINT64_MAX ? (uint64_t)FATBIN_CONTAINER_MAX_SIZE : r->size - header_size);
    return false;
  }
  unsigned container = b->img->containers++;
  uint64_t end = header_size + body;
  uint64_t at = header_size;
  unsigned ordinal = 0;
  while (at < end) {
    uint64_t next;
    if (!entry_parse(b, r, at, end, container, ordinal++, &next)) return false;
    at = next;
  }
  *consumed = end;
  return true;
}

bool fatbin_containers_parse_all(FatbinBuilder *b, const FatbinRegion *r) {
  uint64_t at = 0;
  bool any = false;
  while (at < r->size) {
    /* Containers are aligned to 8 in their sections; zeros pad the gaps. */
    if (r->data[at] == 0) {
      at++;
      continue;
    }
    FatbinRegion sub = {r->data + at, r->size - at, r->base_offset + at, r->section};
    uint64_t used;
    if (!fatbin_container_parse(b, &sub, &used)) return false;
    at += used;
    any = true;
  }
  if (!any) {
    diag_report(b->d, DIAG_WARNING, (SrcLoc){0},
                "%s%sat offset 0x%" PRIx64 " holds no fatbin container",
                r->section ? "section " : "region ", r->section ? r->section : "", r->base_offset);
  }
  return true;
}

void fatbin_builder_push(FatbinBuilder *b, const FatbinEntry *e) {
  FatbinEntry copy = *e;
  copy.index = (unsigned)b->entries.len;
  vec_push(&b->entries, copy);
}

void fatbin_builder_finish(FatbinBuilder *b) {
  FatbinImage *img = b->img;
  img->count = b->entries.len;
  img->entries = img->count
                     ? arena_memdup(&img->arena, b->entries.data, img->count * sizeof(FatbinEntry))
                     : NULL;
  vec_free(&b->entries);
}
