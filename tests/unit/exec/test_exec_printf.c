/* Device printf (CUDA's vprintf argument buffer) and device malloc/free. */
#include "test_exec_util.h"

#include <stdalign.h>
#include <stdatomic.h>

/* The argument buffer nvcc builds: a struct of the promoted arguments, each aligned to
 * its size. */
struct AllArgs {
  int32_t d, i;
  uint32_t u, x, X, o;
  int32_t c;
  const char *s;
  double f, e, g, a;
  const void *p;
  int64_t ld, lld;
  uint64_t lu, llu;
  int32_t hhd;
};

static int32_t printf_result;

static KGroupStatus k_printf_all(KGroupCtx *ctx) {
  struct AllArgs a = {-42, 7, 4000000000u, 0xbeef, 0xBEEF, 8, 'Z', "str", 3.5, 12345.678,
                      0.0001, 1.0, (void *)0x1234, -5000000000ll, 9000000000000ll,
                      18000000000000000000ull, 1ull << 40, 300};
  printf_result = k_rt_vprintf(ctx->worker,
                               "d=%d i=%i u=%u x=%x X=%X o=%o c=%c s=%s f=%f e=%e g=%g a=%a "
                               "p=%p ld=%ld lld=%lld lu=%lu llu=%llu hhd=%hhd %%\n",
                               &a);
  return KGROUP_DONE;
}

static void run_kernel(void *arg) {
  const KKernel *k = arg;
  CHECK_EQ_INT(test_launch(k, kdim3(1, 1, 1), NULL, 0, NULL), EXEC_OK);
}

TEST(exec_printf_conversions) {
  KKernel k = test_kernel("printf_all", k_printf_all, 1, kdim3(1, 1, 1));
  char *out = test_capture_stdout(run_kernel, &k);
  CHECK_EQ_STR(out, "d=-42 i=7 u=4000000000 x=beef X=BEEF o=10 c=Z s=str f=3.500000 "
                    "e=1.234568e+04 g=0.0001 a=0x1p+0 p=0x1234 ld=-5000000000 "
                    "lld=9000000000000 lu=18000000000000000000 llu=1099511627776 hhd=44 %\n");
  CHECK_EQ_INT(printf_result, 18);
  free(out);
}

static KGroupStatus k_printf_flags(KGroupCtx *ctx) {
  struct {
    int32_t a, b;
    double c;
    int32_t d;
    uint32_t e;
    const char *f;
    int32_t g;
    uint32_t h;
    double i;
  } args = {42, 42, 3.14159, 5, 255, "abcdef", -7, 65535, 2.5};
  printf_result = k_rt_vprintf(ctx->worker,
                               "[%5d|%-5d|%08.3f|%+d|%#x|%.3s|% d|%hu|%-8.2e]|%*d|%", &args);
  return KGROUP_DONE;
}

TEST(exec_printf_flags) {
  KKernel k = test_kernel("printf_flags", k_printf_flags, 1, kdim3(1, 1, 1));
  char *out = test_capture_stdout(run_kernel, &k);
  /* '*' is not supported on the device: printed as written, consuming nothing. */
  CHECK_EQ_STR(out, "[   42|42   |0003.142|+5|0xff|abc|-7|65535|2.50e+00]|%*d|%");
  CHECK_EQ_INT(printf_result, 9);
  free(out);
}

TEST(exec_printf_null_and_noargs) {
  CHECK_EQ_INT(k_rt_vprintf(NULL, NULL, NULL), -1); /* CUDA: -1 for a NULL format */
}

/* Every lane of every CTA prints one line; the output comes back in CTA order with each
 * CTA's lines in lane order, whatever worker ran them. */
static KGroupStatus k_printf_lines(KGroupCtx *ctx) {
  for (uint32_t l = 0; l < 2; l++) {
    struct {
      uint32_t cta, tid;
    } a = {ctx->ctaid.x, ctx->group_index * 2 + l};
    k_rt_vprintf(ctx->worker, "cta %u thread %u\n", &a);
  }
  return KGROUP_DONE;
}

static void run_launch(void *arg) { CHECK_EQ_INT(exec_launch(arg, NULL), EXEC_OK); }

TEST(exec_printf_order) {
  test_restart_pool(2);
  KKernel k = test_kernel("printf_lines", k_printf_lines, 2, kdim3(4, 1, 1));
  k.param_size = 0;
  ExecLaunch l = {&k, kdim3(300, 1, 1), kdim3(4, 1, 1), 0, NULL};
  char *out = test_capture_stdout(run_launch, &l);
  StrBuf want = {0};
  for (int c = 0; c < 300; c++)
    for (int t = 0; t < 4; t++) strbuf_printf(&want, "cta %d thread %d\n", c, t);
  CHECK(out && strcmp(out, want.data) == 0);
  if (out && strcmp(out, want.data) != 0) {
    size_t i = 0;
    while (out[i] == want.data[i]) i++;
    fprintf(stderr, "  differs at byte %zu: got \"%.40s\"\n", i, out + i);
  }
  strbuf_free(&want);
  free(out);
}

/* Device malloc: allocate 1 KiB blocks until the heap is exhausted, check alignment and
 * that no two overlap, free them all, then one block of most of the heap fits again
 * (free blocks were merged). */
static KGroupStatus k_malloc(KGroupCtx *ctx) {
  int32_t *res = *(int32_t *const *)ctx->params; /* [0] count, [1] bad, [2] big ok */
  void *blocks[200];
  int n = 0;
  while (n < 200 && (blocks[n] = k_rt_malloc(ctx->worker, 1000)) != NULL) {
    if ((uintptr_t)blocks[n] % 16) res[1]++;
    memset(blocks[n], n, 1000);
    n++;
  }
  for (int i = 0; i < n; i++)
    for (int j = 0; j < 1000; j++)
      if (((uint8_t *)blocks[i])[j] != (uint8_t)i) {
        res[1]++;
        break;
      }
  res[0] = n;
  for (int i = 0; i < n; i += 2) k_rt_free(ctx->worker, blocks[i]);
  for (int i = 1; i < n; i += 2) k_rt_free(ctx->worker, blocks[i]);
  void *big = k_rt_malloc(ctx->worker, 60000);
  res[2] = big != NULL;
  k_rt_free(ctx->worker, big);
  if (k_rt_malloc(ctx->worker, 0) != NULL) res[1]++;
  if (k_rt_malloc(ctx->worker, 1ull << 40) != NULL) res[1]++;
  k_rt_free(ctx->worker, NULL);
  int32_t on_stack;
  k_rt_free(ctx->worker, &on_stack); /* not from the heap: warned about, ignored */
  return KGROUP_DONE;
}

TEST(exec_malloc_exhaustion) {
  exec_shutdown(); /* drops the heap, so its size can change */
  CHECK(exec_set_heap_size(64 * 1024));
  CHECK_EQ_INT(exec_get_heap_size(), 64 * 1024);
  int32_t res[3] = {0, 0, 0};
  void *p = res;
  KKernel k = test_kernel("malloc", k_malloc, 1, kdim3(1, 1, 1));
  CHECK_EQ_INT(test_launch(&k, kdim3(1, 1, 1), &p, 0, NULL), EXEC_OK);
  CHECK(res[0] >= 60 && res[0] <= 64);
  CHECK_EQ_INT(res[1], 0);
  CHECK_EQ_INT(res[2], 1);
  CHECK(!exec_set_heap_size(1 << 20)); /* the heap is in use now */
  CHECK_EQ_INT(exec_get_heap_size(), 64 * 1024);
  exec_shutdown();
  CHECK(exec_set_heap_size(8u << 20));
}

/* Many lanes on both workers allocating and freeing at once. */
static KGroupStatus k_malloc_many(KGroupCtx *ctx) {
  _Atomic uint32_t *bad = *(_Atomic uint32_t *const *)ctx->params;
  for (uint32_t l = 0; l < 32; l++) {
    uint32_t *q = k_rt_malloc(ctx->worker, 64 + l * 8);
    if (!q) {
      atomic_fetch_add(bad, 1);
      continue;
    }
    for (uint32_t i = 0; i < 16; i++) q[i] = l;
    for (uint32_t i = 0; i < 16; i++)
      if (q[i] != l) atomic_fetch_add(bad, 1);
    k_rt_free(ctx->worker, q);
  }
  return KGROUP_DONE;
}

TEST(exec_malloc_threads) {
  test_restart_pool(2);
  _Atomic uint32_t bad = 0;
  void *p = &bad;
  KKernel k = test_kernel("malloc_many", k_malloc_many, 32, kdim3(64, 1, 1));
  CHECK_EQ_INT(test_launch(&k, kdim3(500, 1, 1), &p, 0, NULL), EXEC_OK);
  CHECK_EQ_INT(atomic_load(&bad), 0);
}

/* A kernel that writes past its block over a free block's header: later mallocs return
 * NULL (with one error line) instead of faulting or hanging with the heap lock held. */
static KGroupStatus k_heap_overflow(KGroupCtx *ctx) {
  int32_t *res = *(int32_t *const *)ctx->params;
  uint8_t *a = k_rt_malloc(ctx->worker, 32), *c = k_rt_malloc(ctx->worker, 32);
  void *d = k_rt_malloc(ctx->worker, 32);
  k_rt_free(ctx->worker, c);
  memset(a, 0x5a, 32 + 16); /* over c's header */
  res[0] = a && c && d;
  res[1] = k_rt_malloc(ctx->worker, 1000) == NULL;
  res[2] = k_rt_malloc(ctx->worker, 16) == NULL;
  k_rt_free(ctx->worker, a);
  return KGROUP_DONE;
}

TEST(exec_malloc_corruption) {
  exec_shutdown();
  int32_t res[3] = {0, 0, 0};
  void *p = res;
  KKernel k = test_kernel("heap_overflow", k_heap_overflow, 1, kdim3(1, 1, 1));
  CHECK_EQ_INT(test_launch(&k, kdim3(1, 1, 1), &p, 0, NULL), EXEC_OK);
  CHECK_EQ_INT(res[0], 1);
  CHECK_EQ_INT(res[1], 1);
  CHECK_EQ_INT(res[2], 1);
  exec_shutdown(); /* a reset gives a fresh heap */
  res[1] = 0;
  KKernel m = test_kernel("malloc", k_malloc, 1, kdim3(1, 1, 1));
  CHECK(exec_set_heap_size(64 * 1024));
  int32_t res2[3] = {0, 0, 0};
  void *p2 = res2;
  CHECK_EQ_INT(test_launch(&m, kdim3(1, 1, 1), &p2, 0, NULL), EXEC_OK);
  CHECK(res2[0] >= 60);
  exec_shutdown();
  CHECK(exec_set_heap_size(8u << 20));
}
