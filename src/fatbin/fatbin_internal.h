/* fatbin's private pieces: little-endian readers and the steps fatbin_parse_* chains. */
#ifndef PTXVM_FATBIN_INTERNAL_H
#define PTXVM_FATBIN_INTERNAL_H

#include "fatbin.h"

/* Reads never assume alignment: images come from files and odd offsets. */
static inline uint16_t fatbin_rd16(const uint8_t *p) {
  return (uint16_t)(p[0] | (unsigned)p[1] << 8);
}
static inline uint32_t fatbin_rd32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t fatbin_rd64(const uint8_t *p) {
  return (uint64_t)fatbin_rd32(p) | (uint64_t)fatbin_rd32(p + 4) << 32;
}

/* Container header: u32 magic, u16 version, u16 header size, u64 size of what follows. */
#define FATBIN_CONTAINER_HEADER_SIZE 16u
/* Entry header, as nvcc 12/13 write it (little-endian):
 *   0 u16 kind         2 u16 (0x0101)       4 u32 header size (64, 72, 80, ... 128)
 *   8 u64 payload size, padded to 8
 *  16 u32 compressed size (0 when stored plain)
 *  20 u32 offset in the header of an options record {u32 offset, u32 length}, or 0
 *  24 u16 minor version  26 u16 major version (PTX ISA for PTX, ELF code version)
 *  28 u32 arch (75)     32 u32 identifier offset in the header   36 u32 its length
 *  40 u64 flags         48 u64 (0)          56 u64 uncompressed size (0 when plain)
 * Offsets of strings are from the start of the entry header; the strings live inside
 * the header, whose size grows to hold them. */
#define FATBIN_ENTRY_HEADER_MIN 64u
/* Bigger than any real container (libcublasLt's are a few MiB) but small enough that a
 * corrupt size in an unbounded (len == 0) image is caught before it is trusted. */
#define FATBIN_CONTAINER_MAX_SIZE (1ull << 32)

/* Collects entries while an image is parsed; copied into the image's arena at the end. */
typedef struct FatbinBuilder {
  FatbinImage *img;
  VEC(FatbinEntry) entries;
  DiagSink *d;
} FatbinBuilder;

/* One region of bytes that holds containers, and where it sits for diagnostics. */
typedef struct FatbinRegion {
  const uint8_t *data;
  uint64_t size;        /* bytes readable from data; UINT64_MAX when unbounded */
  uint64_t base_offset; /* offset of data in the file/image, for messages */
  const char *section;  /* ELF section name, or NULL */
} FatbinRegion;

/* Parses the container at the start of `r`. On success sets *consumed to its total size
 * (header + entries). Appends its entries to b. */
bool fatbin_container_parse(FatbinBuilder *b, const FatbinRegion *r, uint64_t *consumed);
/* Parses every container in `r`, back to back, skipping the zero padding between them
 * (sections align each container to 8). */
bool fatbin_containers_parse_all(FatbinBuilder *b, const FatbinRegion *r);
/* Parses an ELF image (host program or cubin). len 0 = unknown, bound by its headers. */
bool fatbin_elf_parse(FatbinBuilder *b, const uint8_t *data, size_t len);
/* Looks like PTX source: optional whitespace and comments, then a directive PTX files
 * begin with (.version). */
bool fatbin_looks_like_ptx(const uint8_t *data, size_t len);

void fatbin_builder_push(FatbinBuilder *b, const FatbinEntry *e);
/* Copies the collected entries into the image's arena and frees the builder. */
void fatbin_builder_finish(FatbinBuilder *b);

#endif
