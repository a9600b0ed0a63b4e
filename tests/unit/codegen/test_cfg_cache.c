/* codegen unit tests: hand-written PTX with an irreducible CFG and brx.idx (thread
 * frontiers on unstructured control flow), and the disk cache (a second module loads the
 * object the first one wrote). */
#include <dirent.h>
#include <unistd.h>

#include "cg_runner.h"
#include "test.h"

/* out[t] = f(t) where control jumps into the middle of a loop from two entries (an
 * irreducible region) and leaves through brx.idx. Reference: cfg_ref below. */
static const char *irreducible_ptx =
    ".version 8.0\n.target sm_80\n.address_size 64\n"
    ".visible .entry k(.param .u64 out)\n{\n"
    " .reg .pred %p<4>; .reg .b32 %r<10>; .reg .b64 %rd<4>;\n"
    " mov.u32 %r1, %tid.x;\n mov.u32 %r2, 0;\n"
    " and.b32 %r3, %r1, 1;\n setp.eq.u32 %p1, %r3, 0;\n @%p1 bra B;\n"
    "A:\n add.u32 %r2, %r2, 3;\n setp.lt.u32 %p2, %r2, %r1;\n @%p2 bra B;\n bra OUT;\n"
    "B:\n add.u32 %r2, %r2, 5;\n setp.lt.u32 %p3, %r2, %r1;\n @%p3 bra A;\n"
    "OUT:\n rem.u32 %r4, %r2, 3;\n"
    "TAB: .branchtargets C0, C1, C2;\n brx.idx %r4, TAB;\n"
    "C0:\n mul.lo.u32 %r2, %r2, 10;\n bra END;\n"
    "C1:\n add.u32 %r2, %r2, 1000;\n bra END;\n"
    "C2:\n neg.s32 %r2, %r2;\n"
    "END:\n ld.param.u64 %rd1, [out];\n mul.wide.u32 %rd2, %r1, 4;\n add.s64 %rd3, %rd1, %rd2;\n"
    " st.global.u32 [%rd3], %r2;\n ret;\n}\n";

static int32_t cfg_ref(uint32_t t) {
  uint32_t r = 0;
  int at_b = (t & 1) == 0;
  for (;;) {
    if (!at_b) {
      r += 3;
      if (!(r < t)) break;
    }
    at_b = 0;
    r += 5;
    if (!(r < t)) break;
  }
  switch (r % 3) {
  case 0: return (int32_t)(r * 10);
  case 1: return (int32_t)(r + 1000);
  default: return -(int32_t)r;
  }
}

static void run_irreducible(unsigned G) {
  CgTestModule *m = cgt_load(irreducible_ptx, G);
  CHECK(m->cg != NULL);
  if (!m->cg) {
    diag_print(&m->diags, stderr);
    cgt_free(m);
    return;
  }
  enum { T = 100 };
  int32_t out[T];
  uint64_t p = (uint64_t)(uintptr_t)out;
  int r = cgt_launch(m, "k", (KDim3){1, 1, 1}, (KDim3){T, 1, 1}, &p, 0, NULL);
  CHECK_EQ_INT(r, KGROUP_DONE);
  int bad = 0;
  for (uint32_t t = 0; t < T; t++)
    if (out[t] != cfg_ref(t) && bad++ < 4) fprintf(stderr, "  out[%u] = %d, want %d\n", t, out[t], cfg_ref(t));
  CHECK_EQ_INT(bad, 0);
  cgt_free(m);
}

TEST(irreducible_cfg_and_brx_g32) { run_irreducible(32); }
TEST(irreducible_cfg_and_brx_g16) { run_irreducible(16); }
TEST(irreducible_cfg_and_brx_g1) { run_irreducible(1); }

static int count_objects(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)))
    if (strstr(e->d_name, ".o")) n++;
  closedir(d);
  return n;
}

TEST(disk_cache_roundtrip) {
  char dir[] = "/tmp/ptxvm-cg-cache-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  setenv("PTXVM_CACHE_DIR", dir, 1);
  int32_t out1[64], out2[64];
  for (int pass = 0; pass < 2; pass++) {
    CgTestModule *m = cgt_load(irreducible_ptx, 32);
    CHECK(m->cg != NULL);
    if (!m->cg) break;
    uint64_t p = (uint64_t)(uintptr_t)(pass ? out2 : out1);
    CHECK_EQ_INT(cgt_launch(m, "k", (KDim3){1, 1, 1}, (KDim3){64, 1, 1}, &p, 0, NULL), KGROUP_DONE);
    CHECK_EQ_INT(count_objects(dir), 1); /* written by the first pass, reused by the second */
    cgt_free(m);
  }
  unsetenv("PTXVM_CACHE_DIR");
  for (int t = 0; t < 64; t++) {
    CHECK_EQ_INT(out1[t], cfg_ref((uint32_t)t));
    CHECK_EQ_INT(out2[t], cfg_ref((uint32_t)t));
  }
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0);
}

/* trap in lane 37 only: the launch stops with KGROUP_TRAP, the lane and PTX line named. */
static const char *trap_ptx =
    ".version 8.0\n.target sm_80\n.address_size 64\n"
    ".visible .entry k(.param .u64 out)\n{\n"
    " .reg .pred %p<2>; .reg .b32 %r<4>; .reg .b64 %rd<4>;\n"
    " mov.u32 %r1, %tid.x;\n setp.eq.u32 %p1, %r1, 37;\n"
    " @%p1 trap;\n"
    " ld.param.u64 %rd1, [out];\n mul.wide.u32 %rd2, %r1, 4;\n add.s64 %rd3, %rd1, %rd2;\n"
    " st.global.u32 [%rd3], %r1;\n ret;\n}\n";

static void run_trap(unsigned G) {
  CgTestModule *m = cgt_load(trap_ptx, G);
  CHECK(m->cg != NULL);
  if (!m->cg) return;
  int32_t out[64];
  memset(out, 0xff, sizeof out);
  uint64_t p = (uint64_t)(uintptr_t)out;
  KGroupCtx t;
  memset(&t, 0, sizeof t);
  int r = cgt_launch(m, "k", (KDim3){1, 1, 1}, (KDim3){64, 1, 1}, &p, 0, &t);
  CHECK_EQ_INT(r, KGROUP_TRAP);
  CHECK_EQ_INT(t.trap_kind, KTRAP_TRAP);
  CHECK_EQ_INT(t.group_index * G + t.trap_lane, 37);
  CHECK_EQ_INT(t.trap_ptx_line, 9); /* the "@%p1 trap;" line */
  CHECK_EQ_INT(out[0], 0); /* the first group ran to completion before */
  cgt_free(m);
}

TEST(trap_names_lane_and_line_g32) { run_trap(32); }
TEST(trap_names_lane_and_line_g1) { run_trap(1); }

/* __assertfail as nvcc declares it: KTRAP_ASSERT with the message pointer. */
static const char *assert_ptx =
    ".version 8.0\n.target sm_80\n.address_size 64\n"
    ".extern .func __assertfail(.param .b64 m, .param .b64 f, .param .b32 l, .param .b64 fn, .param .b64 cs);\n"
    ".global .align 1 .b8 msg[6] = {111, 111, 112, 115, 33, 0};\n"
    ".visible .entry k(.param .u32 n)\n{\n"
    " .reg .pred %p<2>; .reg .b32 %r<4>; .reg .b64 %rd<4>;\n"
    " mov.u32 %r1, %tid.x;\n ld.param.u32 %r2, [n];\n setp.lt.u32 %p1, %r1, %r2;\n @%p1 bra OK;\n"
    " mov.u64 %rd1, msg;\n cvta.global.u64 %rd2, %rd1;\n"
    " { .param .b64 p0; st.param.b64 [p0], %rd2; .param .b64 p1; st.param.b64 [p1], %rd2;\n"
    "   .param .b32 p2; st.param.b32 [p2], 1; .param .b64 p3; st.param.b64 [p3], %rd2;\n"
    "   .param .b64 p4; st.param.b64 [p4], 1;\n"
    "   call.uni __assertfail, (p0, p1, p2, p3, p4); }\n"
    "OK:\n ret;\n}\n";

TEST(assertfail_traps_with_message) {
  CgTestModule *m = cgt_load(assert_ptx, 32);
  CHECK(m->cg != NULL);
  if (!m->cg) {
    diag_print(&m->diags, stderr);
    cgt_free(m);
    return;
  }
  uint32_t n = 20;
  KGroupCtx t;
  memset(&t, 0, sizeof t);
  int r = cgt_launch(m, "k", (KDim3){1, 1, 1}, (KDim3){32, 1, 1}, &n, 0, &t);
  CHECK_EQ_INT(r, KGROUP_TRAP);
  CHECK_EQ_INT(t.trap_kind, KTRAP_ASSERT);
  CHECK_EQ_INT(t.trap_lane, 20);
  CHECK(t.trap_message && strcmp(t.trap_message, "oops!") == 0);
  n = 32; /* no thread fails */
  CHECK_EQ_INT(cgt_launch(m, "k", (KDim3){1, 1, 1}, (KDim3){32, 1, 1}, &n, 0, NULL), KGROUP_DONE);
  cgt_free(m);
}
