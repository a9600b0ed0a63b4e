/* Printer: canonical output is a fixed point of parse+print, for hand-written samples and
 * for real nvcc output kept in data/, and ptxas (when installed) accepts what we print. */
#include "ptx_test_util.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

/* print(parse(x)) == print(parse(print(parse(x)))); returns the first print (heap). */
static char *check_fixed_point(const char *name, const char *src, size_t len) {
  DiagSink d;
  diag_init(&d, name, src, len);
  PtxModule *m = ptx_module_parse(src, len, name, &d);
  if (!m) {
    diag_print(&d, stderr);
    diag_fini(&d);
    CHECK(m != NULL);
    return NULL;
  }
  diag_fini(&d);
  char *once = print_module(m);
  ptx_module_destroy(m);
  diag_init(&d, name, once, strlen(once));
  PtxModule *m2 = ptx_module_parse(once, strlen(once), "printed.ptx", &d);
  if (!m2) diag_print(&d, stderr);
  diag_fini(&d);
  CHECK(m2 != NULL);
  if (!m2) return once;
  char *twice = print_module(m2);
  ptx_module_destroy(m2);
  if (strcmp(once, twice) != 0) {
    fprintf(stderr, "  %s: printing is not a fixed point\n", name);
    CHECK(0);
  }
  free(twice);
  return once;
}

TEST(print_instruction_forms) {
  PtxModule *m = parse_ok(KERNEL_HEAD ".visible .entry k()\n{\n.reg .b32 %r<4>;\n.reg .b64 %rd<3>;\n"
                                      ".reg .pred %p<3>;\n.reg .f32 %f<3>;\n"
                                      "@!%p1 ld.global.nc.v2.u32 {%r1, _}, [%rd1+-8];\n"
                                      "setp.lt.and.s32 %p1|%p2, %r1, 0x10, !%p2;\n"
                                      "add.f32 %f1, %f2, 0.5;\n"
                                      "mov.u32 %r2, -1;\n"
                                      "st.global.u32 [256], %r1;\n"
                                      "ret;\n}\n");
  CHECK(m != NULL);
  if (!m) return;
  StrBuf sb = {0};
  const char *want[] = {"@!%p1 ld.global.nc.v2.u32 \t{%r1, _}, [%rd1+-8];",
                        "setp.lt.and.s32 \t%p1|%p2, %r1, 16, !%p2;", "add.f32 \t%f1, %f2, 0f3F000000;",
                        "mov.u32 \t%r2, -1;", "st.global.u32 \t[256], %r1;", "ret;"};
  for (uint32_t i = 0; i < ARRAY_LEN(want); i++) {
    sb.len = 0;
    if (sb.data) sb.data[0] = 0;
    ptx_instr_print(first_instr(m, i), &sb);
    CHECK_EQ_STR(sb.data, want[i]);
  }
  strbuf_free(&sb);
  ptx_module_destroy(m);
}

TEST(print_module_layout) {
  const char *src = ".version 8.0\n.target sm_80\n.address_size 64\n"
                    ".global .align 8 .u64 p = generic(arr)+8;\n"
                    ".global .align 4 .b8 arr[16] = {0xFF(arr), 0xFF00(arr), 1, 2};\n"
                    ".visible .entry k(.param .u64 k_p0)\n.maxntid 64, 1, 1\n{\nret;\n}\n";
  PtxModule *m = parse_ok(src);
  CHECK(m != NULL);
  if (!m) return;
  char *out = print_module(m);
  CHECK(strstr(out, ".global .align 8 .u64 p = generic(arr)+8;\n"));
  CHECK(strstr(out, ".global .align 4 .b8 arr[16] = {0xFF(arr), 0xFF00(arr), 1, 2};\n"));
  CHECK(strstr(out, ".visible .entry k(\n\t.param .u64 k_p0\n)\n.maxntid 64, 1, 1\n{\n\tret;\n}\n"));
  free(out);
  ptx_module_destroy(m);
}

/* Runs ptxas on `text` when it is installed; returns true when it is not. */
static bool ptxas_accepts(const char *name, const char *text) {
  if (access(PTXAS, X_OK) != 0) return true;
  char path[] = "/tmp/ptxvm_unit_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return true;
  FILE *f = fdopen(fd, "w");
  fputs(text, f);
  fclose(f);
  char cmd[512];
  snprintf(cmd, sizeof cmd, "%s -arch=sm_90a %s -o /dev/null 2>&1", PTXAS, path);
  int rc = system(cmd);
  unlink(path);
  if (rc != 0) fprintf(stderr, "  ptxas rejected the printed %s\n", name);
  return rc == 0;
}

TEST(print_round_trip_nvcc_outputs) {
  DIR *dir = opendir(PTX_TEST_DATA);
  CHECK(dir != NULL);
  if (!dir) return;
  struct dirent *de;
  int files = 0;
  while ((de = readdir(dir))) {
    size_t n = strlen(de->d_name);
    if (n < 5 || strcmp(de->d_name + n - 4, ".ptx") != 0) continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", PTX_TEST_DATA, de->d_name);
    size_t len;
    char *src = file_read_all(path, &len);
    CHECK(src != NULL);
    if (!src) continue;
    files++;
    char *once = check_fixed_point(de->d_name, src, len);
    /* Old PTX (ISA 1.x) is for parsing only: today's ptxas refuses sm_10. */
    if (once && !strstr(src, ".version 1.")) CHECK(ptxas_accepts(de->d_name, once));
    free(once);
    free(src);
  }
  closedir(dir);
  CHECK(files >= 3);
}

/* One instruction per line of data/isa_lines.txt (every PTX ISA 9.0 family, with the
 * modifiers that matter), each wrapped in a kernel: all parse and print to a fixed point. */
TEST(print_isa_lines) {
  size_t len;
  char *text = file_read_all(PTX_TEST_DATA "/isa_lines.txt", &len);
  CHECK(text != NULL);
  if (!text) return;
  int lines = 0;
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    StrBuf sb = {0};
    strbuf_printf(&sb, ".version 9.0\n.target sm_100a\n.address_size 64\n"
                       ".global .texref tex0;\n.global .samplerref smp;\n.global .surfref surf0;\n"
                       ".visible .entry k()\n{\n.reg .b32 %%r<16>;\n.reg .b64 %%rd<8>;\n"
                       ".reg .b16 %%rs<8>;\n.reg .b128 %%rq<4>;\n.reg .pred %%p<4>;\n%s\n"
                       "$L_end:\n$L_tab: .branchtargets $L_end;\n}\n", line);
    char *once = check_fixed_point(line, sb.data, sb.len);
    free(once);
    strbuf_free(&sb);
    lines++;
  }
  free(text);
  CHECK(lines > 250);
}

/* Appends the asm template strings of one CCCL header (each `asm("..." "...")`), with
 * "%N" operands renamed to registers %rN and "%%" to "%", one template per entry. */
typedef VEC(char *) TemplateList;

static void cccl_templates(const char *text, size_t len, TemplateList *out) {
  for (const char *s = text; (s = strstr(s, "asm")) != NULL; s += 3) {
    const char *c = s + 3;
    while (*c == ' ' || *c == '\n') c++;
    if (!strncmp(c, "volatile", 8)) c += 8;
    while (*c == ' ' || *c == '\n') c++;
    if (*c != '(') continue;
    c++;
    StrBuf sb = {0};
    for (;;) {
      while (*c == ' ' || *c == '\n' || *c == '\t') c++;
      if (*c != '"') break;
      for (c++; *c && *c != '"'; c++) {
        if (c[0] == '\\' && c[1]) {
          c++;
          strbuf_append(&sb, *c == 'n' ? "\n" : *c == 't' ? "\t" : c, 1);
        } else if (c[0] == '%' && c[1] == '%') {
          strbuf_append(&sb, "%", 1);
          c++;
        } else if (c[0] == '%' && c[1] >= '0' && c[1] <= '9') {
          strbuf_append(&sb, "%r", 2);
        } else {
          strbuf_append(&sb, c, 1);
        }
      }
      if (*c == '"') c++;
    }
    if (sb.len) vec_push(out, sb.data);
    else strbuf_free(&sb);
  }
  (void)len;
}

/* Every inline-asm template of CCCL's cuda::ptx (when the toolkit is installed): NVIDIA's
 * own spelling of the newest instructions (TMA, mbarrier, tcgen05, multimem, ...) must
 * parse and print to a fixed point. */
TEST(print_cccl_asm_templates) {
  const char *dir_path = CUDA_INCLUDE "/cccl/cuda/__ptx/instructions/generated";
  DIR *dir = opendir(dir_path);
  if (!dir) {
    fprintf(stderr, "  (skipped: %s not found)\n", dir_path);
    return;
  }
  TemplateList templates = {0};
  struct dirent *de;
  while ((de = readdir(dir))) {
    size_t n = strlen(de->d_name);
    if (n < 3 || strcmp(de->d_name + n - 2, ".h") != 0) continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir_path, de->d_name);
    size_t len;
    char *text = file_read_all(path, &len);
    if (!text) continue;
    cccl_templates(text, len, &templates);
    free(text);
  }
  closedir(dir);
  CHECK(templates.len > 1000);
  unsigned failed = 0;
  for (size_t i = 0; i < templates.len; i++) {
    StrBuf sb = {0};
    strbuf_printf(&sb, ".version 9.0\n.target sm_100a\n.address_size 64\n.visible .entry k()\n{\n"
                       ".reg .b64 %%r<256>;\n.reg .pred %%p<4>;\n%s\n}\n", templates.data[i]);
    int before = test_failures_in_current;
    char *once = check_fixed_point("cccl template", sb.data, sb.len);
    if (test_failures_in_current != before && failed++ < 5) fprintf(stderr, "  template: %s\n", templates.data[i]);
    free(once);
    strbuf_free(&sb);
    free(templates.data[i]);
  }
  vec_free(&templates);
  CHECK_EQ_INT(failed, 0);
}

TEST(print_declarations_exactly) {
  const char *src = ".version 8.0\n.target sm_80\n.address_size 64\n"
                    ".global .attribute(.managed) .align 4 .u32 man;\n"
                    ".global .samplerref smp = { filter_mode = linear };\n"
                    ".extern .func (.param .b32 r) ext(.param .b64 a);\n"
                    ".visible .entry k(.param .u64 .ptr.global.align 16 k_p0, .param .align 8 .b8 k_p1[24])\n{\n"
                    ".reg .v4 .f32 %v;\n.reg .b32 %r<3>;\n.local .align 8 .b8 depot[16];\n"
                    "ts: .branchtargets L1, L2;\nbrx.idx %r1, ts;\nL1:\nL2:\n"
                    "{\n.param .b32 p;\nproto: .callprototype (.param .b32 _) _ (.param .b64 _);\n}\n"
                    ".pragma \"nounroll\";\nret;\n}\n";
  PtxModule *m = parse_ok(src);
  CHECK(m != NULL);
  if (!m) return;
  char *out = print_module(m);
  static const char *const want[] = {
      ".global .attribute(.managed) .align 4 .u32 man;\n",
      ".global .samplerref smp = { filter_mode = linear };\n",
      ".extern .func (.param .b32 r) ext(\n\t.param .b64 a\n)\n;\n",
      ".visible .entry k(\n\t.param .u64 .ptr.global.align 16 k_p0,\n\t.param .align 8 .b8 k_p1[24]\n)\n{\n",
      "\t.reg .v4 .f32 \t%v;\n\t.reg .b32 \t%r<3>;\n\t.local .align 8 .b8 depot[16];\n",
      "ts: .branchtargets L1, L2;\n\tbrx.idx \t%r1, ts;\nL1:\nL2:\n",
      "\t{\n\t.param .b32 p;\nproto: .callprototype (.param .b32 _) _ (.param .b64 _);\n\t}\n",
      "\t.pragma \"nounroll\";\n\tret;\n}\n",
  };
  for (size_t i = 0; i < ARRAY_LEN(want); i++) {
    if (!strstr(out, want[i])) {
      fprintf(stderr, "  missing:\n%s\n  in:\n%s\n", want[i], out);
      CHECK(0);
    }
  }
  free(out);
  ptx_module_destroy(m);
}
