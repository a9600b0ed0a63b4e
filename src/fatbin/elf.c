/* ELF images: a host executable, shared object or object file carries its fatbinaries in
 * .nv_fatbin (and __nv_relfatbin for -rdc code); a cubin (EM_CUDA) is SASS for one GPU. */
#include "fatbin_internal.h"

#include <inttypes.h>

#define ELF_HEADER_SIZE 64u
#define ELF_SHDR_SIZE 64u
#define EM_CUDA 190
#define SHT_NOBITS 8
#define SHN_XINDEX 0xffff

typedef struct ElfView {
  const uint8_t *data;
  uint64_t limit; /* readable bytes; UINT64_MAX when the caller gave no length */
} ElfView;

static bool in_bounds(const ElfView *v, uint64_t off, uint64_t size) {
  return off <= v->limit && size <= v->limit - off;
}

/* A cubin: one ELF entry for the arch in e_flags. EI_ABIVERSION 8 and later (CUDA 12.8+)
 * keep the SM number in bits 8..15, older ones in bits 0..7. */
static bool parse_cubin(FatbinBuilder *b, const ElfView *v) {
  const uint8_t *h = v->data;
  uint32_t eflags = fatbin_rd32(h + 0x30);
  unsigned arch = h[8] >= 8 ? (eflags >> 8) & 0xff : eflags & 0xff;
  /* The image's extent, when not given, is where its last header table ends. */
  uint64_t size = v->limit;
  if (size == UINT64_MAX) {
    uint64_t shoff = fatbin_rd64(h + 0x28), phoff = fatbin_rd64(h + 0x20);
    uint64_t sh_end = shoff + (uint64_t)fatbin_rd16(h + 0x3a) * fatbin_rd16(h + 0x3c);
    uint64_t ph_end = phoff + (uint64_t)fatbin_rd16(h + 0x36) * fatbin_rd16(h + 0x38);
    size = MAX(MAX(sh_end, ph_end), (uint64_t)ELF_HEADER_SIZE);
    if (sh_end < shoff || ph_end < phoff || size > FATBIN_CONTAINER_MAX_SIZE) {
      diag_report(b->d, DIAG_ERROR, (SrcLoc){0},
                  "cubin header tables (sections at 0x%" PRIx64 ", program headers at 0x%" PRIx64
                  ") give no plausible image size",
                  shoff, phoff);
      return false;
    }
  }
  FatbinEntry e = {.kind = FATBIN_KIND_ELF,
                   .arch = arch,
                   .flags = FATBIN_FLAG_64BIT,
                   .payload = v->data,
                   .payload_size = size,
                   .uncompressed_size = size};
  b->img->form = FATBIN_FORM_CUBIN;
  b->img->size = size;
  fatbin_builder_push(b, &e);
  return true;
}

/* Calls fn for each section with a name, after checking the header table, the name table
 * and the section's bytes (NOBITS sections have none) against the image. */
typedef bool (*SectionFn)(void *ctx, const char *name, const uint8_t *bytes, uint64_t off,
                          uint64_t size, DiagSink *d);

static bool for_each_section(const ElfView *v, SectionFn fn, void *ctx, DiagSink *d) {
  const uint8_t *h = v->data;
  uint64_t shoff = fatbin_rd64(h + 0x28);
  uint16_t shentsize = fatbin_rd16(h + 0x3a);
  uint64_t shnum = fatbin_rd16(h + 0x3c);
  uint32_t shstrndx = fatbin_rd16(h + 0x3e);
  if (shoff == 0) {
    diag_report(d, DIAG_ERROR, (SrcLoc){0}, "ELF image has no section headers");
    return false;
  }
  if (shentsize < ELF_SHDR_SIZE || !in_bounds(v, shoff, ELF_SHDR_SIZE)) {
    diag_report(d, DIAG_ERROR, (SrcLoc){0},
                "ELF section header table at offset 0x%" PRIx64 " (entry size %u) lies outside "
                "the image",
                shoff, shentsize);
    return false;
  }
  /* Large section counts live in section 0 (ELF extended numbering). */
  if (shnum == 0) shnum = fatbin_rd64(h + shoff + 0x20);
  if (shstrndx == SHN_XINDEX) shstrndx = fatbin_rd32(h + shoff + 0x28);
  if (shnum > (1u << 24) || !in_bounds(v, shoff, shnum * shentsize)) {
    diag_report(d, DIAG_ERROR, (SrcLoc){0},
                "ELF section header table (%" PRIu64 " entries at offset 0x%" PRIx64
                ") runs past the end of the image",
                shnum, shoff);
    return false;
  }
  if (shstrndx >= shnum) {
    diag_report(d, DIAG_ERROR, (SrcLoc){0},
                "ELF section name table index %u is not below the section count %" PRIu64, shstrndx,
                shnum);
    return false;
  }
  const uint8_t *strsh = h + shoff + (uint64_t)shstrndx * shentsize;
  uint64_t stroff = fatbin_rd64(strsh + 0x18), strsize = fatbin_rd64(strsh + 0x20);
  if (!in_bounds(v, stroff, strsize)) {
    diag_report(d, DIAG_ERROR, (SrcLoc){0},
                "ELF section name table (offset 0x%" PRIx64 ", %" PRIu64
                " bytes) runs past the end of the image",
                stroff, strsize);
    return false;
  }
  const char *strtab = (const char *)h + stroff;
  for (uint64_t i = 0; i < shnum; i++) {
    const uint8_t *sh = h + shoff + i * shentsize;
    uint32_t name = fatbin_rd32(sh);
    if (name >= strsize || !memchr(strtab + name, 0, strsize - name)) continue;
    bool nobits = fatbin_rd32(sh + 4) == SHT_NOBITS;
    uint64_t off = fatbin_rd64(sh + 0x18), size = nobits ? 0 : fatbin_rd64(sh + 0x20);
    if (!in_bounds(v, off, size)) {
      diag_report(d, DIAG_ERROR, (SrcLoc){0},
                  "ELF section %s (offset 0x%" PRIx64 ", %" PRIu64
                  " bytes) runs past the end of the image",
                  strtab + name, off, size);
      return false;
    }
    if (!fn(ctx, strtab + name, size ? h + off : NULL, off, size, d)) return false;
  }
  return true;
}

typedef struct FatbinSections {
  FatbinBuilder *b;
  unsigned found;
} FatbinSections;

static bool on_host_section(void *ctx, const char *name, const uint8_t *bytes, uint64_t off,
                            uint64_t size, DiagSink *d) {
  FatbinSections *fs = ctx;
  const char *section = !strcmp(name, ".nv_fatbin")       ? ".nv_fatbin"
                        : !strcmp(name, "__nv_relfatbin") ? "__nv_relfatbin"
                                                          : NULL;
  if (!section || !bytes) return true;
  FatbinRegion r = {bytes, size, off, section};
  fs->found++;
  return fatbin_containers_parse_all(fs->b, &r);
}

static bool parse_sections(FatbinBuilder *b, const ElfView *v) {
  FatbinSections fs = {b, 0};
  if (!for_each_section(v, on_host_section, &fs, b->d)) return false;
  if (!fs.found) {
    diag_report(b->d, DIAG_ERROR, (SrcLoc){0},
                "ELF image has no .nv_fatbin or __nv_relfatbin section: no CUDA device code "
                "(not built by nvcc, or stripped of it)");
    return false;
  }
  return true;
}

static bool on_cubin_section(void *ctx, const char *name, const uint8_t *bytes, uint64_t off,
                             uint64_t size, DiagSink *d) {
  /* Each kernel's SASS is a section .text.<mangled name>. */
  if (!strncmp(name, ".text.", 6)) ++*(unsigned *)ctx;
  return true;
}

bool fatbin_entry_kernel_count(const FatbinEntry *e, unsigned *count, DiagSink *d) {
  *count = 0;
  if (e->kind != FATBIN_KIND_ELF) {
    diag_report(d, DIAG_ERROR, (SrcLoc){0}, "fatbin entry %u is not a cubin", e->index);
    return false;
  }
  uint8_t *data;
  size_t len;
  if (!fatbin_entry_data(e, &data, &len, d)) return false;
  ElfView v = {data, len};
  bool ok = true;
  if (len < ELF_HEADER_SIZE || fatbin_rd32(data) != 0x464c457fu || data[4] != 2 || data[5] != 1) {
    diag_report(d, DIAG_ERROR, (SrcLoc){0},
                "fatbin entry %u at offset 0x%" PRIx64 ": payload is not a 64-bit ELF", e->index,
                e->offset);
    ok = false;
  } else {
    ok = for_each_section(&v, on_cubin_section, count, d);
  }
  free(data);
  return ok;
}

bool fatbin_image_has_code(const FatbinImage *img, uint32_t container, DiagSink *d) {
  for (size_t i = 0; i < img->count; i++) {
    const FatbinEntry *e = &img->entries[i];
    if (container != FATBIN_ANY_CONTAINER && e->container != container) continue;
    if (e->kind != FATBIN_KIND_ELF) return true; /* PTX, or a kind we cannot look into */
    unsigned kernels;
    /* A cubin we cannot read might hold code: say so rather than skip it. */
    if (!fatbin_entry_kernel_count(e, &kernels, d) || kernels) return true;
  }
  return false;
}

bool fatbin_elf_parse(FatbinBuilder *b, const uint8_t *data, size_t len) {
  ElfView v = {data, len ? len : UINT64_MAX};
  if (!in_bounds(&v, 0, ELF_HEADER_SIZE)) {
    diag_report(b->d, DIAG_ERROR, (SrcLoc){0},
                "ELF image of %zu bytes is shorter than its %u-byte header", len, ELF_HEADER_SIZE);
    return false;
  }
  if (data[4] != 2 || data[5] != 1) {
    diag_report(b->d, DIAG_UNSUPPORTED, (SrcLoc){0},
                "ELF image is %s-bit %s-endian; ptxvm reads 64-bit little-endian ELF",
                data[4] == 1   ? "32"
                : data[4] == 2 ? "64"
                               : "?",
                data[5] == 1   ? "little"
                : data[5] == 2 ? "big"
                               : "unknown");
    return false;
  }
  b->img->size = len;
  if (fatbin_rd16(data + 18) == EM_CUDA) return parse_cubin(b, &v);
  b->img->form = FATBIN_FORM_HOST_ELF;
  return parse_sections(b, &v);
}
