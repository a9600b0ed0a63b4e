/* ptxvm ptx FILE.ptx: parse, verify and print canonical PTX, or print diagnostics and fail.
 * The quickest way to see what ptxvm makes of a PTX file. */
#include "commands.h"
#include "ptx.h"

#include <errno.h>

static char *read_stream(FILE *f, size_t *len) {
  StrBuf sb = {0};
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) strbuf_append(&sb, buf, n);
  if (ferror(f)) {
    strbuf_free(&sb);
    return NULL;
  }
  *len = sb.len;
  return sb.data ? sb.data : xstrdup("");
}

static void usage(FILE *out) {
  fprintf(out, "usage: ptxvm ptx [--no-verify] [-o FILE] FILE.ptx|-\n"
               "  parse (and verify) PTX, print it in canonical form\n");
}

int cmd_ptx(int argc, char **argv) {
  const char *path = NULL, *out_path = NULL;
  bool verify = true;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--no-verify")) {
      verify = false;
    } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
      out_path = argv[++i];
    } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      usage(stdout);
      return 0;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "ptxvm ptx: unknown option '%s'\n", argv[i]);
      usage(stderr);
      return 2;
    } else if (!path) {
      path = argv[i];
    } else {
      usage(stderr);
      return 2;
    }
  }
  if (!path) {
    usage(stderr);
    return 2;
  }
  size_t len = 0;
  char *src;
  const char *name = path;
  if (!strcmp(path, "-")) {
    src = read_stream(stdin, &len);
    name = "<stdin>";
  } else {
    src = file_read_all(path, &len);
  }
  if (!src) {
    fprintf(stderr, "ptxvm ptx: cannot read %s: %s\n", path, strerror(errno));
    return 1;
  }
  DiagSink diags;
  diag_init(&diags, name, src, len);
  int status = 1;
  PtxModule *m = ptx_module_parse(src, len, name, &diags);
  if (m && verify && !ptx_module_verify(m, &diags)) {
    ptx_module_destroy(m);
    m = NULL;
  }
  diag_print(&diags, stderr);
  if (m) {
    StrBuf sb = {0};
    ptx_module_print(m, &sb);
    FILE *out = stdout;
    if (out_path && !(out = fopen(out_path, "w"))) {
      fprintf(stderr, "ptxvm ptx: cannot write %s: %s\n", out_path, strerror(errno));
    } else {
      if (sb.len) fwrite(sb.data, 1, sb.len, out);
      status = (out == stdout ? fflush(out) : fclose(out)) == 0 ? 0 : 1;
    }
    strbuf_free(&sb);
    ptx_module_destroy(m);
  }
  diag_fini(&diags);
  free(src);
  return status;
}
