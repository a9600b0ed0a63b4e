/* Device-side malloc/free: one heap of exec_get_heap_size() bytes (CUDA's
 * cudaLimitMallocHeapSize, 8 MiB by default), created on first use, shared by all
 * workers under a lock. First fit over an address-ordered free list with coalescing:
 * device allocations are few and small, so simplicity wins over speed. */
#include "exec_internal.h"

#define HEAP_ALIGN 16u
#define HEAP_MAGIC_USED 0x7058766d55534544ull /* "pXvmUSED" */
#define HEAP_MAGIC_FREE 0x7058766d46524545ull

/* Header before every block; size includes the header. Free blocks link in address order. */
typedef struct HeapBlock {
  uint64_t magic;
  uint64_t size;
  struct HeapBlock *next; /* free blocks only */
  uint64_t pad;
} HeapBlock;
_Static_assert(sizeof(HeapBlock) % HEAP_ALIGN == 0, "header keeps payloads aligned");

static pthread_mutex_t heap_lock = PTHREAD_MUTEX_INITIALIZER;
static size_t heap_size = 8u << 20;
static uint8_t *heap_base;
static HeapBlock *heap_free;
static bool heap_warned;    /* a bad free() was reported */
static bool heap_broken;    /* corruption was reported */

bool exec_set_heap_size(size_t bytes) {
  pthread_mutex_lock(&heap_lock);
  bool ok = !heap_base; /* CUDA refuses once a kernel has used the heap */
  if (ok) heap_size = ALIGN_UP(MAX(bytes, 4096), 4096);
  pthread_mutex_unlock(&heap_lock);
  return ok;
}

size_t exec_get_heap_size(void) {
  pthread_mutex_lock(&heap_lock);
  size_t size = heap_size;
  pthread_mutex_unlock(&heap_lock);
  return size;
}

void exec_heap_release(void) {
  pthread_mutex_lock(&heap_lock);
  free(heap_base);
  heap_base = NULL;
  heap_free = NULL;
  heap_warned = heap_broken = false;
  pthread_mutex_unlock(&heap_lock);
}

/* Kernels can write past their blocks and over the next header; every block the lists
 * lead to is checked before use, so corruption becomes a NULL result and one error line
 * rather than a fault while heap_lock is held (which would hang every later malloc). */
static bool heap_block_ok(const HeapBlock *b, uint64_t magic) {
  uintptr_t p = (uintptr_t)b, lo = (uintptr_t)heap_base, hi = lo + heap_size;
  return p >= lo && p + sizeof(HeapBlock) <= hi && (p & (HEAP_ALIGN - 1)) == 0 &&
         b->magic == magic && b->size >= sizeof(HeapBlock) && b->size <= hi - p &&
         (b->size & (HEAP_ALIGN - 1)) == 0;
}

static void heap_corrupted(void) {
  if (!heap_broken)
    log_error("the device malloc heap is corrupted (a kernel wrote outside a malloc'd block); "
              "device malloc returns NULL until the device is reset");
  heap_broken = true;
  heap_free = NULL;
}

static bool heap_create(void) {
  heap_base = aligned_alloc(4096, heap_size);
  if (!heap_base) return false;
  heap_free = (HeapBlock *)heap_base;
  heap_free->magic = HEAP_MAGIC_FREE;
  heap_free->size = heap_size;
  heap_free->next = NULL;
  return true;
}

void *k_rt_malloc(struct KWorker *w, uint64_t size) {
  (void)w;
  if (size == 0 || size > ((uint64_t)1 << 62)) return NULL;
  uint64_t need = ALIGN_UP(size, HEAP_ALIGN) + sizeof(HeapBlock);
  void *result = NULL;
  pthread_mutex_lock(&heap_lock);
  if (!heap_base && !heap_create()) goto done;
  for (HeapBlock **link = &heap_free; *link; link = &(*link)->next) {
    HeapBlock *b = *link;
    if (!heap_block_ok(b, HEAP_MAGIC_FREE)) {
      heap_corrupted();
      break;
    }
    if (b->size < need) continue;
    if (b->size - need >= sizeof(HeapBlock) + HEAP_ALIGN) { /* split: keep the tail free */
      HeapBlock *rest = (HeapBlock *)((uint8_t *)b + need);
      rest->magic = HEAP_MAGIC_FREE;
      rest->size = b->size - need;
      rest->next = b->next;
      *link = rest;
      b->size = need;
    } else {
      *link = b->next;
    }
    b->magic = HEAP_MAGIC_USED;
    b->next = NULL;
    result = b + 1;
    break;
  }
done:
  pthread_mutex_unlock(&heap_lock);
  return result;
}

void k_rt_free(struct KWorker *w, void *ptr) {
  (void)w;
  if (!ptr) return;
  pthread_mutex_lock(&heap_lock);
  HeapBlock *b = (HeapBlock *)ptr - 1;
  if (!heap_base || (uint8_t *)ptr < heap_base + sizeof(HeapBlock) ||
      (uint8_t *)ptr >= heap_base + heap_size || ((uintptr_t)ptr & (HEAP_ALIGN - 1)) ||
      !heap_block_ok(b, HEAP_MAGIC_USED)) {
    /* Undefined behaviour in CUDA; here a warning, once, and the heap stays intact. */
    if (!heap_warned) log_warn("device free() of %p, which device malloc() did not return", ptr);
    heap_warned = true;
    pthread_mutex_unlock(&heap_lock);
    return;
  }
  HeapBlock **link = &heap_free, *prev = NULL;
  while (*link && *link < b) {
    if (!heap_block_ok(*link, HEAP_MAGIC_FREE)) {
      heap_corrupted();
      pthread_mutex_unlock(&heap_lock);
      return;
    }
    prev = *link;
    link = &(*link)->next;
  }
  b->magic = HEAP_MAGIC_FREE;
  b->next = *link;
  *link = b;
  if (b->next && !heap_block_ok(b->next, HEAP_MAGIC_FREE)) {
    heap_corrupted();
  } else if (b->next && (uint8_t *)b + b->size == (uint8_t *)b->next) { /* merge with the next */
    b->size += b->next->size;
    b->next->magic = 0;
    b->next = b->next->next;
  }
  if (prev && (uint8_t *)prev + prev->size == (uint8_t *)b) { /* and with the previous */
    prev->size += b->size;
    prev->next = b->next;
    b->magic = 0;
  }
  pthread_mutex_unlock(&heap_lock);
}
