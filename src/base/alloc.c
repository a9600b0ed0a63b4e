/* Heap helpers that abort on exhaustion, the arena, and growable arrays/strings. */
#include "base.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

void base_assert_fail(const char *what, const char *file, int line) {
  fprintf(stderr, "ptxvm: internal error: assertion '%s' failed at %s:%d\n", what, file, line);
  abort();
}

static void *check_oom(void *p, size_t size) {
  if (!p && size) {
    fprintf(stderr, "ptxvm: out of memory allocating %zu bytes\n", size);
    abort();
  }
  return p;
}

void *xmalloc(size_t size) {
  return check_oom(malloc(size ? size : 1), size);
}
void *xcalloc(size_t count, size_t size) {
  return check_oom(calloc(count ? count : 1, size ? size : 1), count * size);
}
void *xrealloc(void *ptr, size_t size) {
  return check_oom(realloc(ptr, size ? size : 1), size);
}
char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(xmalloc(n), s, n);
}

/* Chunks grow geometrically; big requests get a chunk of their own. */
struct ArenaChunk {
  ArenaChunk *next;
  size_t used, size;
  _Alignas(64) unsigned char data[];
};

void arena_init(Arena *arena) {
  arena->head = NULL;
  arena->total = 0;
}

/* Full-size chunks freed by one arena are kept for the next: parsing a large module
 * otherwise spends a third of its time in page faults on fresh memory. The cache is
 * bounded, so an idle process holds at most ARENA_CACHE_MAX chunks. */
#define ARENA_CHUNK_MAX ((size_t)1 << 20)
#define ARENA_CACHE_MAX 64
static pthread_mutex_t arena_cache_lock = PTHREAD_MUTEX_INITIALIZER;
static ArenaChunk *arena_cache;
static unsigned arena_cache_count;

static ArenaChunk *arena_cache_take(void) {
  pthread_mutex_lock(&arena_cache_lock);
  ArenaChunk *c = arena_cache;
  if (c) {
    arena_cache = c->next;
    arena_cache_count--;
  }
  pthread_mutex_unlock(&arena_cache_lock);
  return c;
}

static void arena_chunk_release(ArenaChunk *c) {
  if (c->size == ARENA_CHUNK_MAX) {
    pthread_mutex_lock(&arena_cache_lock);
    bool kept = arena_cache_count < ARENA_CACHE_MAX;
    if (kept) {
      c->next = arena_cache;
      arena_cache = c;
      arena_cache_count++;
    }
    pthread_mutex_unlock(&arena_cache_lock);
    if (kept) return;
  }
  free(c);
}

void arena_fini(Arena *arena) {
  ArenaChunk *c = arena->head;
  while (c) {
    ArenaChunk *next = c->next;
    arena_chunk_release(c);
    c = next;
  }
  arena->head = NULL;
  arena->total = 0;
}

/* Uninitialised space: arena_memdup and arena_strndup overwrite it at once, so zeroing it
 * first would be wasted work (the PTX parser copies every name and operand array). */
static void *arena_alloc_raw(Arena *arena, size_t size, size_t align) {
  ASSERT(align && (align & (align - 1)) == 0 && align <= 64);
  ArenaChunk *c = arena->head;
  if (c) {
    size_t off = ALIGN_UP(c->used, align);
    if (off <= c->size && size <= c->size - off) {
      c->used = off + size;
      arena->total += size;
      return c->data + off;
    }
  }
  size_t chunk = c ? c->size * 2 : 4096;
  if (chunk > ARENA_CHUNK_MAX) chunk = ARENA_CHUNK_MAX;
  if (chunk < size) chunk = size;
  ArenaChunk *n = chunk == ARENA_CHUNK_MAX ? arena_cache_take() : NULL;
  /* Chunks are 64-aligned so that data[] honours alignments up to a cache line. */
  if (!n) n = check_oom(aligned_alloc(64, ALIGN_UP(sizeof(ArenaChunk) + chunk, 64)), chunk);
  n->size = chunk;
  n->used = size;
  /* Keep filling the current chunk when the new one is a one-off for a big object. */
  if (c && chunk == size) {
    n->next = c->next;
    c->next = n;
  } else {
    n->next = c;
    arena->head = n;
  }
  arena->total += size;
  return n->data;
}

void *arena_alloc(Arena *arena, size_t size, size_t align) {
  return memset(arena_alloc_raw(arena, size, align), 0, size);
}

void *arena_memdup(Arena *arena, const void *src, size_t size) {
  void *p = arena_alloc_raw(arena, size, 16);
  if (size) memcpy(p, src, size);
  return p;
}

char *arena_strndup(Arena *arena, const char *s, size_t len) {
  char *p = arena_alloc_raw(arena, len + 1, 1);
  memcpy(p, s, len);
  p[len] = 0;
  return p;
}

char *arena_strdup(Arena *arena, const char *s) {
  return arena_strndup(arena, s, strlen(s));
}

char *arena_printf(Arena *arena, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *p = arena_alloc(arena, (size_t)n + 1, 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return p;
}

void vec_grow_(void **data, size_t *cap, size_t elem_size) {
  size_t n = *cap ? *cap * 2 : 8;
  *data = xrealloc(*data, n * elem_size);
  *cap = n;
}

void strbuf_append(StrBuf *sb, const char *s, size_t len) {
  if (sb->len + len + 1 > sb->cap) {
    size_t n = sb->cap ? sb->cap : 64;
    while (n < sb->len + len + 1) n *= 2;
    sb->data = xrealloc(sb->data, n);
    sb->cap = n;
  }
  memcpy(sb->data + sb->len, s, len);
  sb->len += len;
  sb->data[sb->len] = 0;
}

void strbuf_puts(StrBuf *sb, const char *s) {
  strbuf_append(sb, s, strlen(s));
}

void strbuf_vprintf(StrBuf *sb, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  if (n < 0) {
    va_end(ap2);
    return;
  }
  if (sb->len + (size_t)n + 1 > sb->cap) {
    size_t c = sb->cap ? sb->cap : 64;
    while (c < sb->len + (size_t)n + 1) c *= 2;
    sb->data = xrealloc(sb->data, c);
    sb->cap = c;
  }
  vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  sb->len += (size_t)n;
}

void strbuf_printf(StrBuf *sb, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  strbuf_vprintf(sb, fmt, ap);
  va_end(ap);
}

void strbuf_free(StrBuf *sb) {
  free(sb->data);
  sb->data = NULL;
  sb->len = sb->cap = 0;
}
