/* Robustness: every prefix of a kernel, and a thousand seeded byte flips of it, must parse
 * or fail with located diagnostics: no crash, no hang, no diagnostic without line:col. */
#include "ptx_test_util.h"

static const char sample[] =
    ".version 8.0\n.target sm_80\n.address_size 64\n"
    ".global .align 4 .b8 tab[4] = {1, 2, 3, 4};\n"
    ".extern .func (.param .b32 r) ext(.param .b64 a);\n"
    ".visible .entry k(.param .u64 k_p0, .param .u32 k_p1)\n.maxntid 128, 1, 1\n{\n"
    "\t.reg .pred %p<3>;\n\t.reg .b32 %r<8>;\n\t.reg .b64 %rd<4>;\n\t.reg .f32 %f<4>;\n"
    "\tld.param.u64 %rd1, [k_p0];\n\tld.param.u32 %r1, [k_p1];\n"
    "\tmov.u32 %r2, %tid.x;\n\tsetp.ge.s32 %p1, %r2, %r1;\n\t@%p1 bra $L__BB0_2;\n"
    "\tcvta.to.global.u64 %rd2, %rd1;\n\tmul.wide.s32 %rd3, %r2, 4;\n\tadd.s64 %rd2, %rd2, %rd3;\n"
    "\tld.global.v2.f32 {%f1, %f2}, [%rd2+8];\n\tfma.rn.f32 %f3, %f1, 0f40000000, %f2;\n"
    "\tst.global.f32 [%rd2], %f3;\n"
    "\t{\n\t.param .b64 param0;\n\tst.param.b64 [param0], %rd2;\n\t.param .b32 retval0;\n"
    "\tcall.uni (retval0), ext, (param0);\n\t}\n"
    "$L__BB0_2:\n\tret;\n}\n";

static unsigned check_diags(const char *src, size_t len) {
  DiagSink d;
  diag_init(&d, "fuzz.ptx", src, len);
  PtxModule *m = ptx_module_parse(src, len, "fuzz.ptx", &d);
  unsigned bad = 0;
  if (m) {
    /* What parsed must print. */
    char *out = print_module(m);
    free(out);
    ptx_module_destroy(m);
  } else {
    if (d.diags.len == 0) bad++;
    for (size_t i = 0; i < d.diags.len; i++)
      if (d.diags.data[i].loc.line == 0 || d.diags.data[i].loc.col == 0) bad++;
    if (d.diags.len > 20) bad++;
    /* Recovery must move on: the same error twice at one place means it is stuck. */
    for (size_t i = 1; i < d.diags.len; i++) {
      Diag *a = &d.diags.data[i - 1], *b = &d.diags.data[i];
      if (a->loc.line == b->loc.line && a->loc.col == b->loc.col && !strcmp(a->message, b->message)) {
        if (!bad) fprintf(stderr, "  repeated: %u:%u: %s\n", b->loc.line, b->loc.col, b->message);
        bad++;
      }
    }
  }
  diag_fini(&d);
  return bad;
}

TEST(robust_every_prefix) {
  size_t n = strlen(sample);
  unsigned bad = 0;
  for (size_t len = 0; len <= n; len++) {
    char *copy = xmalloc(len + 1); /* exact size, so reads past the end show under ASan */
    memcpy(copy, sample, len);
    copy[len] = 0;
    bad += check_diags(copy, len);
    free(copy);
  }
  CHECK_EQ_INT(bad, 0);
  /* Sanity: the whole sample parses. */
  PtxModule *m = parse_ok(sample);
  CHECK(m != NULL);
  ptx_module_destroy(m);
}

TEST(robust_seeded_byte_flips) {
  size_t n = strlen(sample);
  uint64_t state = 0x9E3779B97F4A7C15ull;
  unsigned bad = 0;
  char *copy = xmalloc(n);
  for (int iter = 0; iter < 1000; iter++) {
    memcpy(copy, sample, n);
    int flips = 1 + iter % 4;
    for (int k = 0; k < flips; k++) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      size_t pos = (size_t)(state % n);
      uint8_t b = (uint8_t)(state >> 32);
      if (iter % 3 == 0) b = (uint8_t)"{}[]();,.%@!<>|_0x"[(state >> 40) % 18];
      copy[pos] = (char)b;
    }
    bad += check_diags(copy, n);
  }
  free(copy);
  CHECK_EQ_INT(bad, 0);
}

TEST(robust_hostile_nesting) {
  /* Deep nesting must be refused with an error, not a stack overflow. */
  StrBuf sb = {0};
  strbuf_puts(&sb, KERNEL_HEAD ".visible .entry k()\n{\n.reg .b32 %r1;\nmov.u32 %r1, ");
  for (int i = 0; i < 100000; i++) strbuf_puts(&sb, "(");
  strbuf_puts(&sb, "1;\n}\n");
  CHECK_EQ_INT(check_diags(sb.data, sb.len), 0);
  sb.len = 0;
  strbuf_puts(&sb, KERNEL_HEAD ".visible .entry k()\n{\n");
  for (int i = 0; i < 100000; i++) strbuf_puts(&sb, "{");
  CHECK_EQ_INT(check_diags(sb.data, sb.len), 0);
  sb.len = 0;
  strbuf_puts(&sb, KERNEL_HEAD ".visible .entry k()\n{\n.reg .b32 %r1;\nmov.b32 %r1, ");
  for (int i = 0; i < 100000; i++) strbuf_puts(&sb, "{");
  CHECK_EQ_INT(check_diags(sb.data, sb.len), 0);
  sb.len = 0;
  strbuf_puts(&sb, KERNEL_HEAD ".global .b32 x[1] = ");
  for (int i = 0; i < 100000; i++) strbuf_puts(&sb, "{");
  CHECK_EQ_INT(check_diags(sb.data, sb.len), 0);
  strbuf_free(&sb);
  /* NUL bytes and non-ASCII inside the text */
  const char bin[] = ".version 8.0\n\0\xff\xfe.target sm_80\n";
  CHECK_EQ_INT(check_diags(bin, sizeof bin - 1), 0);
}

/* Inputs that once crashed the parser (found by fuzzing), kept in bad/: each must fail
 * cleanly with located diagnostics. */
TEST(robust_regressions) {
  static const char *const files[] = {
      "fuzz_tex_fixup_after_error.ptx", /* a pending name left pointing at an unwound stack */
  };
  for (size_t i = 0; i < ARRAY_LEN(files); i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/../bad/%s", PTX_TEST_DATA, files[i]);
    size_t len;
    char *src = file_read_all(path, &len);
    CHECK(src != NULL);
    if (!src) continue;
    CHECK_EQ_INT(check_diags(src, len), 0);
    free(src);
  }
}

TEST(robust_register_budget) {
  /* Many large ranges: refused before they exhaust memory. */
  StrBuf sb = {0};
  strbuf_puts(&sb, KERNEL_HEAD ".visible .entry k()\n{\n");
  for (int i = 0; i < 20; i++) strbuf_printf(&sb, ".reg .b32 %%r%c<1000000>;\n", 'a' + i);
  strbuf_puts(&sb, "}\n");
  DiagSink d;
  diag_init(&d, "t.ptx", sb.data, sb.len);
  PtxModule *m = ptx_module_parse(sb.data, sb.len, "t.ptx", &d);
  CHECK(m == NULL);
  CHECK(d.diags.len == 1 && strstr(d.diags.data[0].message, "registers declared in one module"));
  diag_fini(&d);
  strbuf_free(&sb);
}
