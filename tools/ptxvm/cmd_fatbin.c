/* `ptxvm fatbin PROGRAM [--extract DIR] [--choose CC]`: lists the fatbinary entries of a
 * program, shared object, object file, .fatbin or cubin; writes the PTX entries out. */
#include "commands.h"
#include "fatbin.h"

#include <errno.h>
#include <inttypes.h>
#include <sys/stat.h>

static void usage(FILE *out) {
  fprintf(out, "usage: ptxvm fatbin PROGRAM [--extract DIR] [--choose CC]\n"
               "  lists the fatbinary entries of PROGRAM (executable, shared object, .o,\n"
               "  .fatbin or cubin); --extract writes each PTX entry to DIR as\n"
               "  PROGRAM.INDEX.sm_XX.ptx; --choose 80 names the PTX entry ptxvm would JIT for\n"
               "  compute capability 8.0\n");
}

static void list_entries(const char *path, const FatbinImage *img) {
  printf("%s: %s, %zu entr%s in %u container%s\n", path, fatbin_form_name(img->form), img->count,
         img->count == 1 ? "y" : "ies", img->containers, img->containers == 1 ? "" : "s");
  if (!img->count) return;
  printf("%5s  %-4s  %-13s  %-7s  %-24s  %10s  %12s  %-14s  %-10s  %s\n", "index", "kind", "target",
         "version", "flags", "stored", "uncompressed", "section", "offset", "identifier / options");
  for (size_t i = 0; i < img->count; i++) {
    const FatbinEntry *e = &img->entries[i];
    char kind[24], target[32], flags[96], version[24];
    fatbin_entry_target(e, target, sizeof target);
    fatbin_flags_describe(e->flags, flags, sizeof flags);
    snprintf(version, sizeof version, "%u.%u", e->version_major, e->version_minor);
    printf("%5u  %-4s  %-13s  %-7s  %-24s  %10" PRIu64 "  %12" PRIu64 "  %-14s  0x%-8" PRIx64
           "  %s%s%s%s\n",
           e->index, fatbin_kind_name(e->kind, kind, sizeof kind), target, version, flags,
           e->payload_size, e->uncompressed_size, e->section ? e->section : "-", e->offset,
           e->identifier ? e->identifier : "", e->identifier && e->options ? " " : "",
           e->options ? "options: " : "", e->options ? e->options : "");
  }
}

static bool extract_ptx(const char *path, const FatbinImage *img, const char *dir, DiagSink *d) {
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    diag_report(d, DIAG_ERROR, (SrcLoc){0}, "cannot create directory '%s': %s", dir,
                strerror(errno));
    return false;
  }
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  bool ok = true;
  unsigned written = 0;
  for (size_t i = 0; i < img->count; i++) {
    const FatbinEntry *e = &img->entries[i];
    if (e->kind != FATBIN_KIND_PTX) continue;
    char *text;
    size_t len;
    if (!fatbin_entry_ptx_text(e, &text, &len, d)) {
      ok = false;
      continue;
    }
    const char *suffix = (e->flags & FATBIN_FLAG_ARCH_SPECIFIC) ? "a"
                         : (e->flags & FATBIN_FLAG_FAMILY)      ? "f"
                                                                : "";
    StrBuf out = {0};
    strbuf_printf(&out, "%s/%s.%u.sm_%u%s.ptx", dir, base, e->index, e->arch, suffix);
    FILE *f = fopen(out.data, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
      diag_report(d, DIAG_ERROR, (SrcLoc){0}, "cannot write '%s': %s", out.data, strerror(errno));
      ok = false;
    } else {
      printf("%s\n", out.data);
      written++;
    }
    strbuf_free(&out);
    free(text);
  }
  if (!written && ok) {
    diag_report(d, DIAG_WARNING, (SrcLoc){0}, "no PTX entries to extract");
  }
  return ok;
}

int cmd_fatbin(int argc, char **argv) {
  const char *path = NULL, *dir = NULL, *choose = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      usage(stdout);
      return 0;
    } else if (!strcmp(argv[i], "--extract") && i + 1 < argc) {
      dir = argv[++i];
    } else if (!strcmp(argv[i], "--choose") && i + 1 < argc) {
      choose = argv[++i];
    } else if (argv[i][0] == '-' || path) {
      fprintf(stderr, "ptxvm fatbin: unexpected argument '%s'\n", argv[i]);
      usage(stderr);
      return 1;
    } else {
      path = argv[i];
    }
  }
  if (!path) {
    usage(stderr);
    return 1;
  }
  DiagSink d;
  diag_init(&d, path, NULL, 0);
  FatbinImage img;
  bool ok = fatbin_parse_file(path, &img, &d);
  if (ok) list_entries(path, &img);
  if (ok && choose) {
    char *end;
    unsigned long cc = strtoul(choose, &end, 10);
    if (*end || end == choose || cc > 1000) {
      diag_report(&d, DIAG_ERROR, (SrcLoc){0}, "--choose wants a compute capability like 80");
      ok = false;
    } else {
      /* One container is one CUDA module: the choice is made in each. */
      unsigned chosen = 0;
      for (unsigned c = 0; c < MAX(img.containers, 1u); c++) {
        DiagSink local;
        diag_init(&local, NULL, NULL, 0);
        uint32_t scope = img.containers ? c : FATBIN_ANY_CONTAINER;
        printf("container %u, compute capability %lu.%lu: ", c, cc / 10, cc % 10);
        const FatbinEntry *e = NULL;
        if (!fatbin_image_has_code(&img, scope, &local)) {
          printf("no kernels (a device-link stub), nothing to choose\n");
          diag_fini(&local);
          continue;
        }
        e = fatbin_choose_ptx_in(&img, scope, (unsigned)cc, &local);
        if (e) {
          char target[32];
          fatbin_entry_target(e, target, sizeof target);
          printf("entry %u (%s)\n", e->index, target);
          chosen++;
        } else {
          printf("none\n");
        }
        for (size_t i = 0; i < local.diags.len; i++)
          printf("  %s: %s\n", diag_severity_name(local.diags.data[i].severity),
                 local.diags.data[i].message);
        diag_fini(&local);
      }
      if (!chosen) {
        diag_report(&d, DIAG_ERROR, (SrcLoc){0},
                    "no PTX for ptxvm to run in any container; rebuild "
                    "with PTX, e.g. nvcc -gencode arch=compute_75,code=compute_75");
        ok = false;
      }
    }
  }
  if (ok && dir) ok = extract_ptx(path, &img, dir, &d);
  fflush(stdout);
  diag_print(&d, stderr);
  fatbin_image_fini(&img);
  diag_fini(&d);
  return ok ? 0 : 1;
}
