/* fatbin: reads the fatbinaries nvcc embeds in host programs — the registration wrapper
 * (magic 0x466243b1), containers (magic 0xBA55ED50) and their PTX / ELF entries — picks
 * the PTX entry for a compute capability and returns its text, zstd-decompressed.
 * Depends on base and libzstd. Every size and offset is checked against the bytes
 * available: bad input becomes a diagnostic, never an out-of-bounds read. No globals:
 * images may be parsed from several threads at once.
 *
 * Typical use (the driver's module load):
 *   FatbinImage img;
 *   if (!fatbin_parse_memory(wrapper_or_image, 0, &img, &d)) fail;
 *   if (!fatbin_image_has_code(&img, FATBIN_ANY_CONTAINER, &d)) nothing to load (link stub);
 *   const FatbinEntry *e = fatbin_choose_ptx(&img, cc, &d);           NULL: error in d
 *   char *ptx; size_t n; fatbin_entry_ptx_text(e, &ptx, &n, &d);      caller frees ptx
 *   fatbin_image_fini(&img);                                          ptx stays valid
 */
#ifndef PTXVM_FATBIN_H
#define PTXVM_FATBIN_H

#include "base.h"

/* Magic numbers (CUDA's fatbinary_section.h and the container format nvcc writes). */
#define FATBIN_WRAPPER_MAGIC 0x466243b1u   /* __fatBinC_Wrapper_t */
#define FATBIN_CONTAINER_MAGIC 0xba55ed50u /* container header */

/* Entry kinds as stored in the entry header. */
typedef enum FatbinKind {
  FATBIN_KIND_PTX = 1,
  FATBIN_KIND_ELF = 2, /* a cubin: SASS for one sm_XX, which ptxvm cannot run */
} FatbinKind;

/* Entry header flag bits (64-bit field). Learnt from nvcc 12/13 output. */
#define FATBIN_FLAG_64BIT UINT64_C(0x1)
#define FATBIN_FLAG_DEBUG UINT64_C(0x2) /* built with -G */
#define FATBIN_FLAG_LINUX UINT64_C(0x10)
#define FATBIN_FLAG_COMPRESS_LZ UINT64_C(0x1000)     /* pre-CUDA-13 LZ-style compression */
#define FATBIN_FLAG_COMPRESS_LZ4 UINT64_C(0x2000)    /* pre-CUDA-13 LZ4-style compression */
#define FATBIN_FLAG_COMPRESS_ZSTD UINT64_C(0x8000)   /* nvcc 13 default */
#define FATBIN_FLAG_ARCH_SPECIFIC UINT64_C(0x100000) /* sm_90a, compute_100a: this arch only */
#define FATBIN_FLAG_FAMILY UINT64_C(0x200000)        /* sm_100f: this arch family */

typedef enum FatbinCompression {
  FATBIN_COMPRESSION_NONE,
  FATBIN_COMPRESSION_ZSTD,
  FATBIN_COMPRESSION_LZ, /* recognised, not decoded: reported as unsupported */
} FatbinCompression;

/* What the bytes handed to fatbin_parse_memory / fatbin_parse_file turned out to be. */
typedef enum FatbinImageForm {
  FATBIN_FORM_WRAPPER,   /* __fatBinC_Wrapper_t pointing at a container */
  FATBIN_FORM_CONTAINER, /* one or more containers back to back (a .fatbin file) */
  FATBIN_FORM_HOST_ELF,  /* executable, shared object or .o with .nv_fatbin/__nv_relfatbin */
  FATBIN_FORM_CUBIN,     /* a device ELF (EM_CUDA): one ELF entry, no PTX */
  FATBIN_FORM_PTX_TEXT,  /* plain PTX source: one PTX entry, the parser can take it as is */
} FatbinImageForm;

typedef struct FatbinEntry {
  unsigned index;                        /* position in FatbinImage.entries */
  unsigned container;                    /* which container of the image it came from (0-based) */
  uint16_t kind;                         /* FatbinKind, or another raw value we do not know */
  unsigned arch;                         /* 75 for sm_75 / compute_75 */
  unsigned version_major, version_minor; /* PTX ISA version (PTX) or ELF code version */
  uint64_t flags;                        /* FATBIN_FLAG_* bits, raw */
  FatbinCompression compression;
  const char *section;        /* ".nv_fatbin", "__nv_relfatbin" or NULL (memory forms) */
  uint64_t offset;            /* of the entry header, from the start of the file or image */
  const uint8_t *payload;     /* the stored bytes (compressed if compressed); see ownership */
  uint64_t payload_size;      /* stored bytes without padding */
  uint64_t uncompressed_size; /* payload_size when not compressed */
  const char *identifier;     /* source file name nvcc recorded (e.g. "x.cu"), or NULL */
  const char *options;        /* ptxas options recorded for JIT (e.g. " -O2 "), or NULL */
} FatbinEntry;

typedef struct FatbinImage {
  FatbinImageForm form;
  FatbinEntry *entries; /* in file order; owned by arena */
  size_t count;
  unsigned containers;
  uint64_t size; /* bytes of the image that were read (0 if unknown, e.g. a wrapper) */
  Arena arena;   /* owns entries and their strings */
  void *owned;   /* file contents for fatbin_parse_file; payloads point into it */
} FatbinImage;

/* Parses an image in memory: a wrapper, a container, a host ELF or cubin, or PTX text.
 * len == 0 means "length unknown": the form's own headers bound every read (the
 * container header's size, the ELF headers, the PTX text's NUL) — this is the
 * __cudaRegisterFatBinary and cuModuleLoadData case. With len != 0 nothing outside
 * [image, image+len) is read, and a wrapper must point inside that range.
 * Payload pointers in *out point into `image` (no copies, so parsing is cheap): the image
 * must stay alive while entries are used; copy the PTX out with fatbin_entry_ptx_text.
 * On failure returns false with errors in `d`; *out is then empty but must still be
 * released with fatbin_image_fini (which is always safe after a parse call). */
bool fatbin_parse_memory(const void *image, size_t len, FatbinImage *out, DiagSink *d);

/* Reads a file from disk: an ELF executable, shared object or object file (every
 * container in every .nv_fatbin and __nv_relfatbin section), a raw .fatbin, a cubin, or
 * PTX text. The image owns the file's bytes. Fails with a diagnostic naming the path. */
bool fatbin_parse_file(const char *path, FatbinImage *out, DiagSink *d);
/* The same, under the name the driver's brief suggested; it takes every form above too. */
bool fatbin_parse_elf_file(const char *path, FatbinImage *out, DiagSink *d);

/* Releases everything the image owns. Safe on a zeroed or failed image. */
void fatbin_image_fini(FatbinImage *img);

/* The PTX entry to compile for compute capability `cc` (e.g. 80 for 8.0): the generic PTX
 * with the highest target not above cc (an arch-specific one, compute_90a, wins only at
 * exactly its arch; compute_100f within its family); else the lowest above cc, with a
 * warning in `d`. NULL with an error when there is no PTX at all — the message says if
 * there is only SASS and how to rebuild with PTX. The pointer is into img.
 * It looks at every entry: right for a wrapper or container image (one CUDA module); a
 * host ELF holds many modules, one per container, so choose per container there. */
const FatbinEntry *fatbin_choose_ptx(const FatbinImage *img, unsigned cc, DiagSink *d);
#define FATBIN_ANY_CONTAINER UINT32_MAX
/* The same among the entries of one container (FATBIN_ANY_CONTAINER: all). */
const FatbinEntry *fatbin_choose_ptx_in(const FatbinImage *img, uint32_t container, unsigned cc,
                                        DiagSink *d);

/* True when the image holds at least one PTX entry. */
bool fatbin_image_has_ptx(const FatbinImage *img);

/* Kernels in an ELF entry (cubin): its .text.<kernel> sections. Decompresses the entry.
 * Fails on non-ELF entries and unreadable cubins. */
bool fatbin_entry_kernel_count(const FatbinEntry *e, unsigned *count, DiagSink *d);
/* False when the container (or the image, with FATBIN_ANY_CONTAINER) holds no PTX and only
 * cubins without kernels — what nvcc 13's device-link stub registers next to the real
 * module (it carries only .nv.callgraph and notes). Such an image needs no PTX: register
 * it and ignore it instead of failing. True for anything that may hold code. */
bool fatbin_image_has_code(const FatbinImage *img, uint32_t container, DiagSink *d);

/* The entry's payload, decompressed, in a new heap buffer (caller frees) with a NUL after
 * it (not counted in *len). Fails with `unsupported` for compression ptxvm cannot decode,
 * with an error for corrupt data or a size that disagrees with the header. */
bool fatbin_entry_data(const FatbinEntry *e, uint8_t **data, size_t *len, DiagSink *d);

/* The PTX text of a PTX entry: decompressed, trailing NULs trimmed, NUL-terminated, in a
 * heap buffer the caller frees. *len excludes the NUL. Fails on non-PTX entries, on NUL
 * bytes inside the text, and as fatbin_entry_data does. */
bool fatbin_entry_ptx_text(const FatbinEntry *e, char **text, size_t *len, DiagSink *d);

/* "fatbin[2]:sm_75.ptx": the name diagnostics use for an entry's text (STYLE.md's
 * "app:fatbin[1]:sm_75.ptx" once the caller puts the program name in front). */
void fatbin_entry_name(const FatbinEntry *e, char *buf, size_t size);
/* "compute_75", "sm_90a", "compute_100f" (PTX entries are compute_, ELF entries sm_). */
void fatbin_entry_target(const FatbinEntry *e, char *buf, size_t size);
/* "ptx", "elf" or "kind 0xNN". Static string or buf. */
const char *fatbin_kind_name(uint16_t kind, char *buf, size_t size);
/* Comma list of the flags that matter to a reader: "64bit,debug,zstd". */
void fatbin_flags_describe(uint64_t flags, char *buf, size_t size);
const char *fatbin_form_name(FatbinImageForm form);

#endif
