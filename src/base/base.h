/* base: the bottom layer every other module uses — arenas, growable arrays, interned
 * strings, hash maps, diagnostics rendered like a compiler's, and category logging.
 * Depends on libc only. */
#ifndef PTXVM_BASE_H
#define PTXVM_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Our own bugs only (never bad input): abort with file:line. ---- */
#define ASSERT(cond)                                                                      \
  do {                                                                                    \
    if (!(cond)) base_assert_fail(#cond, __FILE__, __LINE__);                             \
  } while (0)
#define UNREACHABLE() base_assert_fail("unreachable", __FILE__, __LINE__)
_Noreturn void base_assert_fail(const char *what, const char *file, int line);

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define ALIGN_UP(x, a) (((x) + ((a)-1)) & ~((uintptr_t)(a)-1))

/* Heap helpers that abort on out-of-memory (a host process that cannot allocate a few
 * bytes for our bookkeeping has no sensible way on). Buffers sized from untrusted input
 * must be checked before they get here. */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);

/* ---- Arena: bump allocator that frees everything in one call. ---- */
typedef struct ArenaChunk ArenaChunk;
typedef struct Arena {
  ArenaChunk *head;
  size_t total; /* bytes handed out, for statistics */
} Arena;

void arena_init(Arena *arena);
void arena_fini(Arena *arena);                                      /* frees all chunks */
void *arena_alloc(Arena *arena, size_t size, size_t align);         /* zeroed memory */
void *arena_memdup(Arena *arena, const void *src, size_t size);
char *arena_strndup(Arena *arena, const char *s, size_t len);       /* NUL-terminated */
char *arena_strdup(Arena *arena, const char *s);
char *arena_printf(Arena *arena, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define ARENA_NEW(arena, T) ((T *)arena_alloc((arena), sizeof(T), _Alignof(T)))
#define ARENA_ARRAY(arena, T, n) ((T *)arena_alloc((arena), sizeof(T) * (n), _Alignof(T)))

/* ---- Growable arrays on the heap: VEC(int) v = {0}; vec_push(&v, 3); vec_free(&v);
 * To hand one to the IR, copy it into an arena with arena_memdup. ---- */
#define VEC(T)                                                                            \
  struct {                                                                                \
    T *data;                                                                              \
    size_t len, cap;                                                                      \
  }
#define vec_push(v, x)                                                                    \
  do {                                                                                    \
    if ((v)->len == (v)->cap) vec_grow_((void **)&(v)->data, &(v)->cap, sizeof(*(v)->data)); \
    (v)->data[(v)->len++] = (x);                                                          \
  } while (0)
#define vec_free(v)                                                                       \
  do {                                                                                    \
    free((v)->data);                                                                      \
    (v)->data = NULL;                                                                     \
    (v)->len = (v)->cap = 0;                                                              \
  } while (0)
#define vec_last(v) ((v)->data[(v)->len - 1])
void vec_grow_(void **data, size_t *cap, size_t elem_size);

/* ---- Growable string buffer (heap). ---- */
typedef struct StrBuf {
  char *data; /* always NUL-terminated once anything was appended */
  size_t len, cap;
} StrBuf;
void strbuf_append(StrBuf *sb, const char *s, size_t len);
void strbuf_puts(StrBuf *sb, const char *s);
void strbuf_printf(StrBuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(StrBuf *sb, const char *fmt, va_list ap);
void strbuf_free(StrBuf *sb);

/* ---- Hash map from byte strings to pointers. Keys are copied into the map's arena. ---- */
typedef struct MapEntry {
  const char *key; /* NUL-terminated copy */
  size_t len;
  uint64_t hash;
  void *value;
} MapEntry;
typedef struct Map {
  MapEntry *slots;
  size_t count, cap;
  Arena *arena; /* owns the key copies; NULL means the map owns a private arena */
  Arena own;
} Map;
void map_init(Map *map, Arena *arena);
void map_fini(Map *map);
/* Returns the previous value, or NULL. */
void *map_put(Map *map, const char *key, size_t len, void *value);
void *map_find(const Map *map, const char *key, size_t len); /* NULL when absent */
#define map_put_str(m, k, v) map_put((m), (k), strlen(k), (v))
#define map_find_str(m, k) map_find((m), (k), strlen(k))
uint64_t hash_bytes(const void *data, size_t len); /* FNV-1a 64 */

/* ---- Interned strings: equal strings get the same pointer, so compare with ==. ---- */
typedef struct StrTab {
  Map map;
} StrTab;
void strtab_init(StrTab *tab, Arena *arena);
void strtab_fini(StrTab *tab);
const char *str_intern(StrTab *tab, const char *s, size_t len);

/* ---- Diagnostics, rendered like a compiler's:
 *   app:fatbin[1]:sm_75.ptx:42:17: error: operand '%f1' is .f32, instruction wants .u32
 *       add.u32 %r3, %f1, %r2;
 *                    ^~~
 * A DiagSink collects them; the caller prints them (diag_print) or inspects them. ---- */
typedef enum DiagSeverity {
  DIAG_NOTE,
  DIAG_WARNING,
  DIAG_ERROR,
  DIAG_UNSUPPORTED, /* valid input that ptxvm does not handle yet: our gap, not the user's bug */
} DiagSeverity;

typedef struct SrcLoc {
  uint32_t line; /* 1-based; 0 = no position */
  uint32_t col;  /* 1-based byte column */
  uint32_t len;  /* bytes to underline; 0 or 1 = caret only */
} SrcLoc;

typedef struct Diag {
  DiagSeverity severity;
  SrcLoc loc;
  char *file;    /* heap copy, may be NULL */
  char *message; /* heap copy */
  char *line_text; /* heap copy of the source line (without newline), may be NULL */
} Diag;

typedef struct DiagSink {
  VEC(Diag) diags;
  const char *file; /* name used for new diagnostics; not owned */
  const char *src;  /* source text to quote lines from; not owned, may be NULL */
  size_t src_len;
  unsigned errors;  /* errors + unsupported */
  unsigned max_errors; /* stop recording after this many (0 = no limit) */
} DiagSink;

void diag_init(DiagSink *sink, const char *file, const char *src, size_t src_len);
void diag_fini(DiagSink *sink);
void diag_report(DiagSink *sink, DiagSeverity sev, SrcLoc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_vreport(DiagSink *sink, DiagSeverity sev, SrcLoc loc, const char *fmt, va_list ap);
bool diag_has_errors(const DiagSink *sink);
bool diag_full(const DiagSink *sink); /* max_errors reached: callers may stop early */
const char *diag_severity_name(DiagSeverity sev);
void diag_render(const Diag *d, StrBuf *out); /* appends one rendered diagnostic */
void diag_print(const DiagSink *sink, FILE *out); /* all of them, in order */

/* ---- Logging. PTXVM_LOG is a comma list of categories (ptx, ir, asm, launch, mem,
 * fatbin, api, exec, cache) or "all"; warnings and errors always print. Lines go to
 * stderr prefixed "ptxvm: ". ---- */
typedef enum LogCategory {
  LOG_PTX = 1u << 0,
  LOG_IR = 1u << 1,
  LOG_ASM = 1u << 2,
  LOG_LAUNCH = 1u << 3,
  LOG_MEM = 1u << 4,
  LOG_FATBIN = 1u << 5,
  LOG_API = 1u << 6,
  LOG_EXEC = 1u << 7,
  LOG_CACHE = 1u << 8,
} LogCategory;

bool log_enabled(LogCategory cat);
void log_msg(LogCategory cat, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define LOG(cat, ...)                                                                     \
  do {                                                                                    \
    if (log_enabled(cat)) log_msg((cat), __VA_ARGS__);                                    \
  } while (0)

/* ---- Files. ---- */
/* Reads a whole file into a heap buffer (NUL-terminated, *len excludes the NUL).
 * Returns NULL and sets errno on failure. */
char *file_read_all(const char *path, size_t *len);

#endif
