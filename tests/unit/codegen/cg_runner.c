/* The test CTA runner and k_rt_* support functions (see cg_runner.h). */
#include "cg_runner.h"

#include <time.h>

void *k_rt_frame_alloc(struct KWorker *w, uint64_t size, uint64_t align) {
  (void)w;
  void *p = aligned_alloc(align < 16 ? 16 : align, ALIGN_UP(size, align < 16 ? 16 : align));
  memset(p, 0, size);
  return p;
}
void k_rt_frame_free(struct KWorker *w, void *frame) {
  (void)w;
  free(frame);
}
int32_t k_rt_vprintf(struct KWorker *w, const char *fmt, const void *args) {
  (void)w;
  (void)args;
  return printf("%s", fmt);
}
void *k_rt_malloc(struct KWorker *w, uint64_t size) {
  (void)w;
  return malloc(size);
}
void k_rt_free(struct KWorker *w, void *ptr) {
  (void)w;
  free(ptr);
}
uint64_t k_rt_globaltimer(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
uint64_t k_rt_clock64(struct KWorker *w) {
  (void)w;
  return k_rt_globaltimer();
}

/* Textures belong to exec's sampler; these tests only compile texture kernels. */
uint32_t k_rt_tex(uint32_t op, uint32_t lanes, uint32_t mask, const uint64_t *handles, const uint32_t *coords,
                  uint32_t *out) {
  (void)op, (void)lanes, (void)mask, (void)handles, (void)coords, (void)out;
  fprintf(stderr, "cg_runner: texture instructions are not run by this test runner\n");
  abort();
}

char *cgt_read_file(const char *path) {
  size_t len;
  char *s = file_read_all(path, &len);
  if (!s) fprintf(stderr, "cannot read %s\n", path);
  return s;
}

CgTestModule *cgt_load(const char *ptx_text, unsigned group_size) {
  CgTestModule *m = xcalloc(1, sizeof *m);
  diag_init(&m->diags, "test.ptx", ptx_text, strlen(ptx_text));
  m->ptx = ptx_module_parse(ptx_text, strlen(ptx_text), "test.ptx", &m->diags);
  if (m->ptx && ptx_module_verify(m->ptx, &m->diags)) {
    CgOptions o = {group_size, NULL};
    m->cg = cg_module_create(m->ptx, &o, &m->diags);
  }
  if (!m->cg) return m; /* caller inspects m->diags */
  return m;
}

void cgt_free(CgTestModule *m) {
  if (!m) return;
  cg_module_destroy(m->cg);
  if (m->ptx) ptx_module_destroy(m->ptx);
  diag_fini(&m->diags);
  free(m);
}

int cgt_launch(CgTestModule *m, const char *kernel, KDim3 grid, KDim3 block, const void *params,
               uint32_t dynamic_shared, KGroupCtx *trap) {
  const KKernel *k = cg_kernel_get(m->cg, kernel, block, &m->diags);
  if (!k) {
    diag_print(&m->diags, stderr);
    return -1;
  }
  uint32_t nthreads = block.x * block.y * block.z;
  uint32_t G = k->group_size, ngroups = (nthreads + G - 1) / G;
  uint8_t *shared = aligned_alloc(64, ALIGN_UP(k->static_shared + dynamic_shared + 64, 64));
  uint8_t *local = aligned_alloc(64, ALIGN_UP((size_t)k->local_size * G * ngroups + 64, 64));
  KGroupCtx *ctxs = xcalloc(ngroups, sizeof *ctxs);
  int status = KGROUP_DONE;
  for (uint32_t cz = 0; cz < grid.z; cz++)
    for (uint32_t cy = 0; cy < grid.y; cy++)
      for (uint32_t cx = 0; cx < grid.x && status == KGROUP_DONE; cx++) {
        memset(shared, 0, k->static_shared + dynamic_shared);
        bool *done = xcalloc(ngroups, sizeof *done);
        for (uint32_t g = 0; g < ngroups; g++) {
          KGroupCtx *c = &ctxs[g];
          memset(c, 0, sizeof *c);
          c->params = params;
          c->shared = shared;
          c->local = local + (size_t)g * k->local_size * G;
          c->ctaid = (KDim3){cx, cy, cz};
          c->nctaid = grid;
          c->ntid = block;
          c->group_index = g;
          c->dynamic_smem_size = dynamic_shared;
        }
        uint32_t left = ngroups;
        for (int round = 0; left && round < 100000; round++) {
          uint32_t red_sum = 0, red_and = 1, red_or = 0;
          unsigned red_op = 0;
          for (uint32_t g = 0; g < ngroups; g++) {
            if (done[g]) continue;
            int r = k->run(&ctxs[g]);
            if (r == KGROUP_DONE) {
              done[g] = true;
              left--;
              /* Without barriers one call may run the following groups too, leaving
               * group_index at the last one it ran (kernel_abi.h). */
              for (uint32_t h = g + 1; h <= ctxs[g].group_index && h < ngroups; h++)
                if (!done[h]) done[h] = true, left--;
            } else if (r == KGROUP_TRAP) {
              if (trap) *trap = ctxs[g];
              status = KGROUP_TRAP;
              left = 0;
              break;
            } else {
              red_op = ctxs[g].barrier_red_op;
              red_sum += ctxs[g].barrier_red_in;
              red_and &= ctxs[g].barrier_red_in;
              red_or |= ctxs[g].barrier_red_in;
            }
          }
          uint32_t red = red_op == 1 ? red_sum : red_op == 2 ? red_and : red_or;
          for (uint32_t g = 0; g < ngroups; g++) ctxs[g].barrier_red_out = red;
        }
        free(done);
      }
  free(ctxs);
  free(shared);
  free(local);
  return status;
}
