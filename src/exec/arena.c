/* Per-worker memory reused across launches: the CTA's shared memory, its groups' local
 * memory, the group contexts, and the arena suspended group frames come from
 * (k_rt_frame_alloc), reset at every CTA. Nothing here is zeroed: a GPU does not zero
 * shared or local memory either, and the cost would be paid per CTA. */
#include "exec_internal.h"

#define ARENA_ALIGN 128u            /* enough for any vector state (zmm: 64) */
#define FRAME_CHUNK_MIN (64u << 10)

struct ExecFrameChunk {
  ExecFrameChunk *next;
  size_t size, used;
  uint8_t *data; /* ARENA_ALIGN-aligned */
};

/* Grows *buf to at least `need` bytes, dropping its contents. */
static bool arena_reserve(uint8_t **buf, size_t *cap, size_t need) {
  if (need <= *cap) return true;
  size_t size = ALIGN_UP(MAX(need, *cap * 2), ARENA_ALIGN);
  void *p = aligned_alloc(ARENA_ALIGN, size);
  if (!p) return false;
  free(*buf);
  *buf = p;
  *cap = size;
  return true;
}

bool exec_worker_prepare(KWorker *w, const ExecJob *job, ExecFault *fault) {
  size_t groups = job->groups;
  if (groups > w->groups_cap) {
    free(w->groups);
    free(w->group_state);
    free(w->queue);
    w->groups = aligned_alloc(64, ALIGN_UP(groups * sizeof(KGroupCtx), 64));
    w->group_state = xcalloc(groups, sizeof(ExecGroupState));
    w->queue = xcalloc(groups, sizeof(uint32_t));
    if (!w->groups) abort();
    w->groups_cap = groups;
  }
  /* Shared and local sizes come from the program, so running out is its error. */
  if (!arena_reserve(&w->shared, &w->shared_cap, MAX(job->shared_size, 16)) ||
      !arena_reserve(&w->local, &w->local_cap, MAX(job->local_total, 16))) {
    memset(fault, 0, sizeof *fault);
    fault->status = EXEC_ERR_INVALID_CONFIG;
    fault->kernel = job->kernel->name;
    snprintf(fault->message, sizeof fault->message,
             "out of memory for %u bytes of shared and %zu bytes of local memory per CTA",
             job->shared_size, job->local_total);
    return false;
  }
  return true;
}

void exec_frames_reset(KWorker *w) {
  for (ExecFrameChunk *c = w->frames; c; c = c->next) c->used = 0;
  w->frame_cur = w->frames;
}

void *k_rt_frame_alloc(struct KWorker *w, uint64_t size, uint64_t align) {
  if (align < 64) align = 64;
  if (align & (align - 1)) return NULL; /* codegen's bug: alignments are powers of two */
  for (ExecFrameChunk *c = w->frame_cur; c; c = c->next) {
    size_t at = ALIGN_UP(c->used, align);
    if (align <= ARENA_ALIGN && at + size <= c->size) {
      c->used = at + size;
      w->frame_cur = c;
      return c->data + at;
    }
  }
  /* A new chunk at the end of the list, big enough for this frame and the next ones. */
  size_t last = 0;
  ExecFrameChunk **tail = &w->frames;
  while (*tail) {
    last = (*tail)->size;
    tail = &(*tail)->next;
  }
  size_t chunk_align = MAX(align, ARENA_ALIGN);
  size_t bytes = ALIGN_UP(MAX(MAX(last * 2, FRAME_CHUNK_MIN), size + chunk_align), chunk_align);
  ExecFrameChunk *c = xmalloc(sizeof *c);
  c->data = aligned_alloc(chunk_align, bytes);
  if (!c->data) {
    free(c);
    return NULL;
  }
  c->next = NULL;
  c->size = bytes;
  c->used = size;
  *tail = c;
  w->frame_cur = c;
  return c->data;
}

void k_rt_frame_free(struct KWorker *w, void *frame) {
  /* Frames live until the CTA ends; the arena is reset then. */
  (void)w;
  (void)frame;
}

void exec_worker_free(KWorker *w) {
  free(w->shared);
  free(w->local);
  free(w->groups);
  free(w->group_state);
  free(w->queue);
  for (ExecFrameChunk *c = w->frames, *next; c; c = next) {
    next = c->next;
    free(c->data);
    free(c);
  }
  w->frames = w->frame_cur = NULL;
  strbuf_free(&w->out);
  vec_free(&w->entries);
  w->shared = w->local = NULL;
  w->groups = NULL;
  w->group_state = NULL;
  w->queue = NULL;
  w->groups_cap = w->shared_cap = w->local_cap = 0;
}
