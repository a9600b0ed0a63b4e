/* Which PTX entry to JIT for a compute capability: the rule the CUDA driver applies to
 * PTX, which ptxvm applies to all code since it cannot run SASS. */
#include "fatbin_internal.h"

/* compute_90a runs on 9.0 only; compute_100f on the 10.x family at or above 10.0. */
static bool specific_fits(const FatbinEntry *e, unsigned cc) {
  if (e->flags & FATBIN_FLAG_ARCH_SPECIFIC) return e->arch == cc;
  return e->arch <= cc && e->arch / 10 == cc / 10;
}

static bool is_specific(const FatbinEntry *e) {
  return (e->flags & (FATBIN_FLAG_ARCH_SPECIFIC | FATBIN_FLAG_FAMILY)) != 0;
}

/* Same arch twice (two containers, or a PTX-version upgrade): the newer PTX ISA wins. */
static bool newer(const FatbinEntry *a, const FatbinEntry *b) {
  if (a->version_major != b->version_major) return a->version_major > b->version_major;
  return a->version_minor > b->version_minor;
}

const FatbinEntry *fatbin_choose_ptx(const FatbinImage *img, unsigned cc, DiagSink *d) {
  return fatbin_choose_ptx_in(img, FATBIN_ANY_CONTAINER, cc, d);
}

static bool in_scope(const FatbinEntry *e, uint32_t container) {
  return container == FATBIN_ANY_CONTAINER || e->container == container;
}

const FatbinEntry *fatbin_choose_ptx_in(const FatbinImage *img, uint32_t container, unsigned cc,
                                        DiagSink *d) {
  const FatbinEntry *below = NULL, *above = NULL, *specific = NULL, *other_specific = NULL;
  for (size_t i = 0; i < img->count; i++) {
    const FatbinEntry *e = &img->entries[i];
    if (e->kind != FATBIN_KIND_PTX || !in_scope(e, container)) continue;
    if (is_specific(e)) {
      if (specific_fits(e, cc)) {
        if (!specific || e->arch > specific->arch ||
            (e->arch == specific->arch && newer(e, specific)))
          specific = e;
      } else if (!other_specific || e->arch < other_specific->arch) {
        other_specific = e;
      }
    } else if (e->arch <= cc) {
      if (!below || e->arch > below->arch || (e->arch == below->arch && newer(e, below))) below = e;
    } else if (!above || e->arch < above->arch || (e->arch == above->arch && newer(e, above))) {
      above = e;
    }
  }
  /* Code built for exactly this GPU is what the hardware driver would pick too. */
  if (specific && (!below || specific->arch >= below->arch)) return specific;
  if (below) return below;
  const FatbinEntry *pick = above ? above : other_specific;
  char target[32];
  if (pick) {
    fatbin_entry_target(pick, target, sizeof target);
    diag_report(d, DIAG_WARNING, (SrcLoc){0},
                "no PTX for compute capability %u.%u or lower; using entry %u (%s), built "
                "for a newer GPU: its kernels may use features this device lacks",
                cc / 10, cc % 10, pick->index, target);
    return pick;
  }
  /* No PTX: say what there is, and how to get PTX into the program. */
  StrBuf have = {0};
  unsigned rebuild_arch = cc;
  for (size_t i = 0; i < img->count; i++) {
    const FatbinEntry *e = &img->entries[i];
    if (e->kind != FATBIN_KIND_ELF || !in_scope(e, container)) continue;
    fatbin_entry_target(e, target, sizeof target);
    if (!have.len || !strstr(have.data, target))
      strbuf_printf(&have, "%s%s", have.len ? ", " : "", target);
    if (rebuild_arch == cc || e->arch < rebuild_arch) rebuild_arch = e->arch;
  }
  if (rebuild_arch == 0) rebuild_arch = 75;
  DiagSink scratch;
  diag_init(&scratch, NULL, NULL, 0);
  bool code = fatbin_image_has_code(img, container, &scratch);
  diag_fini(&scratch);
  if (have.len && !code) {
    diag_report(d, DIAG_ERROR, (SrcLoc){0},
                "the fatbinary holds no PTX and no kernels, only an empty cubin (%s) like the "
                "one nvcc's device-link step registers: nothing to compile",
                have.data);
  } else if (have.len) {
    diag_report(
        d, DIAG_ERROR, (SrcLoc){0},
        "the fatbinary holds only SASS (%s) and no PTX; ptxvm runs PTX, not GPU "
        "machine code: rebuild with PTX, e.g. nvcc -gencode arch=compute_%u,code=compute_%u "
        "(next to the existing -arch/-gencode flags)",
        have.data, rebuild_arch, rebuild_arch);
  } else {
    diag_report(d, DIAG_ERROR, (SrcLoc){0},
                "the fatbinary holds no PTX entry and no SASS (%zu entries in all)", img->count);
  }
  strbuf_free(&have);
  return NULL;
}
