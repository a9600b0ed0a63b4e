/* Entry points: tells which form an image has (wrapper, container, ELF, PTX text) and
 * hands it to the reader for that form; owns FatbinImage's lifetime and names. */
#define _GNU_SOURCE /* memmem */
#include "fatbin_internal.h"

#include <errno.h>
#include <inttypes.h>

/* __fatBinC_Wrapper_t from CUDA's fatbinary_section.h: int magic, int version,
 * const unsigned long long *data, void *filename_or_fatbins. Read field by field so the
 * layout is the host's (pointers are 8 bytes on every host ptxvm supports). */
#define WRAPPER_DATA_OFFSET 8u
#define WRAPPER_SIZE (8u + 2 * sizeof(void *))

static bool parse_wrapper(FatbinBuilder *b, const uint8_t *image, size_t len) {
  if (len && len < WRAPPER_SIZE) {
    diag_report(b->d, DIAG_ERROR, (SrcLoc){0}, "fatbin wrapper needs %zu bytes, only %zu given",
                (size_t)WRAPPER_SIZE, len);
    return false;
  }
  uint32_t version = fatbin_rd32(image + 4);
  const uint8_t *data;
  memcpy(&data, image + WRAPPER_DATA_OFFSET, sizeof data);
  /* Version 2 (FATBINC_LINK_VERSION) comes from -rdc / device-linked programs: `data` is the
   * linked container and the second field lists the pre-linked fatbins that the runtime
   * receives again through __cudaRegisterLinkedBinary; we read `data` alone. */
  if (version != 1 && version != 2) {
    diag_report(b->d, DIAG_UNSUPPORTED, (SrcLoc){0},
                "fatbin wrapper version %u (ptxvm reads versions 1 and 2)", version);
    return false;
  }
  if (!data) {
    diag_report(b->d, DIAG_ERROR, (SrcLoc){0}, "fatbin wrapper's data pointer is NULL");
    return false;
  }
  FatbinRegion r = {data, UINT64_MAX, 0, NULL};
  if (len) {
    /* A bounded buffer must hold what the wrapper points at: we read nothing outside it. */
    uintptr_t lo = (uintptr_t)image, p = (uintptr_t)data;
    if (p < lo || p - lo >= len) {
      diag_report(b->d, DIAG_ERROR, (SrcLoc){0},
                  "fatbin wrapper points at %p, outside the %zu-byte buffer given", (void *)data,
                  len);
      return false;
    }
    r.size = len - (p - lo);
    r.base_offset = p - lo;
  }
  uint64_t used;
  if (!fatbin_container_parse(b, &r, &used)) return false;
  b->img->size = len ? len : used;
  return true;
}

/* Reads `.version X.Y` and `.target sm_NN` so a PTX-text image can be chosen like any
 * other; the PTX parser checks them properly later. */
static void ptx_text_scan(const char *s, size_t len, FatbinEntry *e) {
  const char *end = s + len;
  const char *v = memmem(s, len, ".version", 8);
  if (v) {
    const char *p = v + 8;
    while (p < end && (*p == ' ' || *p == '\t'))
      p++;
    unsigned major = 0, minor = 0;
    while (p < end && *p >= '0' && *p <= '9' && major < 1000)
      major = major * 10 + (unsigned)(*p++ - '0');
    if (p < end && *p == '.') p++;
    while (p < end && *p >= '0' && *p <= '9' && minor < 1000)
      minor = minor * 10 + (unsigned)(*p++ - '0');
    e->version_major = major;
    e->version_minor = minor;
  }
  const char *t = memmem(s, len, ".target", 7);
  if (t) {
    const char *p = t + 7;
    while (p < end && (*p == ' ' || *p == '\t'))
      p++;
    if (end - p > 3 && !memcmp(p, "sm_", 3)) {
      p += 3;
      unsigned arch = 0;
      while (p < end && *p >= '0' && *p <= '9' && arch < 10000)
        arch = arch * 10 + (unsigned)(*p++ - '0');
      e->arch = arch;
      if (p < end && *p == 'a') e->flags |= FATBIN_FLAG_ARCH_SPECIFIC;
      if (p < end && *p == 'f') e->flags |= FATBIN_FLAG_FAMILY;
    }
  }
}

bool fatbin_looks_like_ptx(const uint8_t *data, size_t len) {
  size_t i = 0;
  while (i < len) {
    uint8_t c = data[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      i++;
    } else if (c == '/' && i + 1 < len && data[i + 1] == '/') {
      while (i < len && data[i] != '\n')
        i++;
    } else if (c == '/' && i + 1 < len && data[i + 1] == '*') {
      i += 2;
      while (i + 1 < len && !(data[i] == '*' && data[i + 1] == '/'))
        i++;
      i += 2;
    } else {
      break;
    }
  }
  return i < len && len - i >= 8 && !memcmp(data + i, ".version", 8);
}

bool fatbin_parse_memory(const void *image, size_t len, FatbinImage *out, DiagSink *d) {
  memset(out, 0, sizeof *out);
  arena_init(&out->arena);
  FatbinBuilder b = {.img = out, .d = d};
  const uint8_t *p = image;
  bool ok = false;
  if (!p) {
    diag_report(d, DIAG_ERROR, (SrcLoc){0}, "fatbin image pointer is NULL");
    goto done;
  }
  /* With len unknown, read the 4-byte magic only if no NUL comes first: a short string
   * (an empty PTX text) ends there, and none of the magics holds a zero byte. */
  size_t head = 0;
  while (head < 4 && (len ? head < len : p[head] != 0))
    head++;
  if (len && len < 4) {
    diag_report(d, DIAG_ERROR, (SrcLoc){0}, "image of %zu bytes is too small to be a fatbinary",
                len);
    goto done;
  }
  uint32_t magic = head == 4 ? fatbin_rd32(p) : 0;
  if (magic == FATBIN_WRAPPER_MAGIC) {
    out->form = FATBIN_FORM_WRAPPER;
    ok = parse_wrapper(&b, p, len);
  } else if (magic == FATBIN_CONTAINER_MAGIC) {
    out->form = FATBIN_FORM_CONTAINER;
    if (len) {
      FatbinRegion r = {p, len, 0, NULL};
      ok = fatbin_containers_parse_all(&b, &r);
      out->size = len;
    } else {
      FatbinRegion r = {p, UINT64_MAX, 0, NULL};
      uint64_t used = 0;
      ok = fatbin_container_parse(&b, &r, &used);
      out->size = used;
    }
  } else if (magic == 0x464c457fu) { /* "\x7fELF" */
    ok = fatbin_elf_parse(&b, p, len);
  } else if (p[0] && strchr(" \t\r\n/.", p[0]) && /* only text-like bytes get a strlen */
             fatbin_looks_like_ptx(p, len ? len : strlen((const char *)p))) {
    size_t n = len ? strnlen((const char *)p, len) : strlen((const char *)p);
    FatbinEntry e = {
        .kind = FATBIN_KIND_PTX, .payload = p, .payload_size = n, .uncompressed_size = n};
    ptx_text_scan((const char *)p, n, &e);
    out->form = FATBIN_FORM_PTX_TEXT;
    out->size = n;
    out->containers = 0;
    fatbin_builder_push(&b, &e);
    ok = true;
  } else if (head < 4) {
    diag_report(d, DIAG_ERROR, (SrcLoc){0},
                "image is an empty or %zu-character string, not a "
                "fatbinary or PTX",
                head);
  } else if (magic == 0x1ee55a01u) {
    diag_report(d, DIAG_UNSUPPORTED, (SrcLoc){0},
                "pre-CUDA-4 fatbinary (magic 0x1ee55a01); rebuild the program with a current "
                "nvcc");
  } else {
    diag_report(d, DIAG_ERROR, (SrcLoc){0},
                "not a fatbinary, ELF or PTX image: starts with bytes %02x %02x %02x %02x "
                "(expected magic 0x%08x or 0x%08x, an ELF header or PTX text)",
                p[0], p[1], p[2], p[3], FATBIN_WRAPPER_MAGIC, FATBIN_CONTAINER_MAGIC);
  }
done:
  if (!ok) {
    vec_free(&b.entries);
    out->containers = 0;
    return false;
  }
  fatbin_builder_finish(&b);
  LOG(LOG_FATBIN, "%s at %p: %zu entries in %u containers", fatbin_form_name(out->form), image,
      out->count, out->containers);
  return true;
}

bool fatbin_parse_file(const char *path, FatbinImage *out, DiagSink *d) {
  memset(out, 0, sizeof *out); /* a zeroed image is safe to fini */
  size_t len = 0;
  char *data = file_read_all(path, &len);
  if (!data) {
    diag_report(d, DIAG_ERROR, (SrcLoc){0}, "cannot read '%s': %s", path, strerror(errno));
    return false;
  }
  if (len == 0) {
    free(data);
    diag_report(d, DIAG_ERROR, (SrcLoc){0}, "'%s' is empty", path);
    return false;
  }
  if (!fatbin_parse_memory(data, len, out, d)) {
    free(data);
    return false;
  }
  out->owned = data;
  return true;
}

bool fatbin_parse_elf_file(const char *path, FatbinImage *out, DiagSink *d) {
  return fatbin_parse_file(path, out, d);
}

void fatbin_image_fini(FatbinImage *img) {
  if (!img) return;
  arena_fini(&img->arena);
  free(img->owned);
  memset(img, 0, sizeof *img);
}

bool fatbin_image_has_ptx(const FatbinImage *img) {
  for (size_t i = 0; i < img->count; i++)
    if (img->entries[i].kind == FATBIN_KIND_PTX) return true;
  return false;
}

void fatbin_entry_target(const FatbinEntry *e, char *buf, size_t size) {
  const char *suffix = (e->flags & FATBIN_FLAG_ARCH_SPECIFIC) ? "a"
                       : (e->flags & FATBIN_FLAG_FAMILY)      ? "f"
                                                              : "";
  snprintf(buf, size, "%s_%u%s", e->kind == FATBIN_KIND_PTX ? "compute" : "sm", e->arch, suffix);
}

void fatbin_entry_name(const FatbinEntry *e, char *buf, size_t size) {
  const char *suffix = (e->flags & FATBIN_FLAG_ARCH_SPECIFIC) ? "a"
                       : (e->flags & FATBIN_FLAG_FAMILY)      ? "f"
                                                              : "";
  snprintf(buf, size, "fatbin[%u]:sm_%u%s.%s", e->index, e->arch, suffix,
           e->kind == FATBIN_KIND_PTX ? "ptx" : "cubin");
}

const char *fatbin_kind_name(uint16_t kind, char *buf, size_t size) {
  switch (kind) {
  case FATBIN_KIND_PTX:
    return "ptx";
  case FATBIN_KIND_ELF:
    return "elf";
  default:
    snprintf(buf, size, "kind 0x%x", kind);
    return buf;
  }
}

void fatbin_flags_describe(uint64_t flags, char *buf, size_t size) {
  static const struct {
    uint64_t bit;
    const char *name;
  } names[] = {
      {FATBIN_FLAG_64BIT, "64bit"},        {FATBIN_FLAG_DEBUG, "debug"},
      {FATBIN_FLAG_COMPRESS_ZSTD, "zstd"}, {FATBIN_FLAG_COMPRESS_LZ, "lz"},
      {FATBIN_FLAG_COMPRESS_LZ4, "lz4"},   {FATBIN_FLAG_ARCH_SPECIFIC, "arch-specific"},
      {FATBIN_FLAG_FAMILY, "family"},
  };
  size_t n = 0;
  if (size) buf[0] = 0;
  for (size_t i = 0; i < ARRAY_LEN(names); i++) {
    if (!(flags & names[i].bit)) continue;
    int w = snprintf(buf + n, size - n, "%s%s", n ? "," : "", names[i].name);
    if (w < 0 || (size_t)w >= size - n) break;
    n += (size_t)w;
  }
  if (n == 0 && size) snprintf(buf, size, "-");
}

const char *fatbin_form_name(FatbinImageForm form) {
  switch (form) {
  case FATBIN_FORM_WRAPPER:
    return "fatbin wrapper";
  case FATBIN_FORM_CONTAINER:
    return "fatbin container";
  case FATBIN_FORM_HOST_ELF:
    return "host ELF";
  case FATBIN_FORM_CUBIN:
    return "cubin";
  case FATBIN_FORM_PTX_TEXT:
    return "PTX text";
  }
  return "?";
}
