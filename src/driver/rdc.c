/* driver: programs built with relocatable device code (nvcc -rdc=true). Their registered
 * fatbinary holds only the device-linked SASS; the PTX of each translation unit is in the
 * program's __nv_relfatbin sections, unlinked. This joins those PTX modules into one, at
 * the level of PTX text: one header; .extern declarations dropped where another unit
 * defines the symbol; .weak definitions (templates, inline functions) kept once; unit-
 * local symbols that clash renamed; .file indices renumbered. A PTX-level linker in the
 * ptx layer would do this on the IR; until there is one, this covers what nvcc emits. */
#include <ctype.h>
#include <dlfcn.h>

#include "driver_internal.h"

#ifdef PTXVM_HAVE_FATBIN
#include "fatbin.h"

/* One top-level statement of a PTX text: [start, end). */
typedef struct Item {
  const char *start, *end;
} Item;
typedef VEC(Item) ItemVec;

static bool ident_char(char c) { return isalnum((unsigned char)c) || c == '_' || c == '$'; }

/* Splits a PTX text into top-level items: directives that end at the line's end
 * (.version .target .address_size .file), and declarations or definitions that end at a
 * ';' or at the '}' closing a body or an initialiser (with the ';' after it). */
static void split_items(const char *s, ItemVec *out) {
  const char *p = s;
  while (*p) {
    while (*p && isspace((unsigned char)*p)) p++;
    if (!*p) break;
    if (p[0] == '/' && p[1] == '/') {
      while (*p && *p != '\n') p++;
      continue;
    }
    if (p[0] == '/' && p[1] == '*') {
      const char *e = strstr(p + 2, "*/");
      p = e ? e + 2 : p + strlen(p);
      continue;
    }
    const char *start = p;
    if (!strncmp(p, ".version", 8) || !strncmp(p, ".target", 7) || !strncmp(p, ".address_size", 13) ||
        !strncmp(p, ".file", 5)) {
      while (*p && *p != '\n') p++;
      Item it = {start, p};
      vec_push(out, it);
      continue;
    }
    int parens = 0, braces = 0;
    while (*p) {
      if (p[0] == '/' && p[1] == '/') {
        while (*p && *p != '\n') p++;
        continue;
      }
      if (p[0] == '/' && p[1] == '*') {
        const char *e = strstr(p + 2, "*/");
        p = e ? e + 2 : p + strlen(p);
        continue;
      }
      if (*p == '"') {
        for (p++; *p && *p != '"'; p++)
          if (*p == '\\' && p[1]) p++;
        if (*p) p++;
        continue;
      }
      char c = *p++;
      if (c == '(') parens++;
      else if (c == ')') parens--;
      else if (c == '{') braces++;
      else if (c == '}' && --braces == 0 && parens == 0) {
        const char *q = p;
        while (*q && isspace((unsigned char)*q)) q++;
        if (*q == ';') p = q + 1;
        break;
      } else if (c == ';' && braces == 0 && parens == 0) {
        break;
      }
    }
    Item it = {start, p};
    vec_push(out, it);
  }
}

static bool starts_with_word(const char *s, const char *end, const char *w) {
  size_t n = strlen(w);
  return (size_t)(end - s) >= n && !strncmp(s, w, n) && (s + n == end || !ident_char(s[n]));
}

typedef struct ItemInfo {
  bool is_func, is_extern, is_weak, is_visible, has_body;
  char name[256];
} ItemInfo;

/* Linkage, kind and name of a declaration or definition. */
static bool item_info(const Item *it, ItemInfo *info) {
  memset(info, 0, sizeof *info);
  const char *p = it->start, *end = it->end;
  bool is_var = false;
  for (;;) {
    while (p < end && isspace((unsigned char)*p)) p++;
    if (starts_with_word(p, end, ".extern")) info->is_extern = true, p += 7;
    else if (starts_with_word(p, end, ".weak") || starts_with_word(p, end, ".common")) info->is_weak = true, p += 5 + (p[1] == 'c') * 2;
    else if (starts_with_word(p, end, ".visible")) info->is_visible = true, p += 8;
    else break;
  }
  if (starts_with_word(p, end, ".func") || starts_with_word(p, end, ".entry")) {
    info->is_func = true;
    p += p[1] == 'f' ? 5 : 6;
    while (p < end && isspace((unsigned char)*p)) p++;
    if (p < end && *p == '(') { /* return parameters */
      int depth = 0;
      for (; p < end; p++) {
        if (*p == '(') depth++;
        else if (*p == ')' && --depth == 0) {
          p++;
          break;
        }
      }
    }
    while (p < end && isspace((unsigned char)*p)) p++;
    const char *n = p;
    while (p < end && ident_char(*p)) p++;
    if (p == n || (size_t)(p - n) >= sizeof info->name) return false;
    memcpy(info->name, n, (size_t)(p - n));
    info->has_body = memchr(p, '{', (size_t)(end - p)) != NULL;
    return true;
  }
  /* A variable: the state space, then type and modifiers, then the name, which is the
   * last identifier before '[', '=', '<' or ';'. */
  is_var = starts_with_word(p, end, ".global") || starts_with_word(p, end, ".const") ||
           starts_with_word(p, end, ".shared");
  if (!is_var) return false;
  const char *stop = p;
  while (stop < end && *stop != '[' && *stop != '=' && *stop != ';' && *stop != '<') stop++;
  const char *q = stop;
  while (q > p && isspace((unsigned char)q[-1])) q--;
  const char *n = q;
  while (n > p && ident_char(n[-1])) n--;
  if (n == q || (size_t)(q - n) >= sizeof info->name || n[-1] == '.') return false;
  memcpy(info->name, n, (size_t)(q - n));
  info->has_body = !info->is_extern;
  return true;
}

/* Appends `s` (len n) to out with every whole-word occurrence of `from` replaced by `to`. */
static void append_renamed(StrBuf *out, const char *s, size_t n, const char *from, const char *to) {
  size_t flen = strlen(from);
  size_t i = 0;
  while (i < n) {
    if (i + flen <= n && !strncmp(s + i, from, flen) && (i == 0 || !ident_char(s[i - 1])) &&
        (i + flen == n || !ident_char(s[i + flen]))) {
      strbuf_puts(out, to);
      i += flen;
    } else {
      strbuf_append(out, s + i, 1);
      i++;
    }
  }
}

/* Renumbers ".file N" and ".loc N" by `offset` in one item's text. */
static void append_file_renumbered(StrBuf *out, const char *s, size_t n, unsigned offset) {
  size_t i = 0;
  while (i < n) {
    bool file = i + 5 <= n && !strncmp(s + i, ".file", 5);
    bool loc = i + 4 <= n && !strncmp(s + i, ".loc", 4);
    if ((file || loc) && offset) {
      size_t k = i + (file ? 5 : 4);
      strbuf_append(out, s + i, k - i);
      while (k < n && (s[k] == ' ' || s[k] == '\t')) strbuf_append(out, s + k++, 1);
      if (k < n && isdigit((unsigned char)s[k])) {
        unsigned v = 0;
        while (k < n && isdigit((unsigned char)s[k])) v = v * 10 + (unsigned)(s[k++] - '0');
        strbuf_printf(out, "%u", v + offset);
      }
      i = k;
      continue;
    }
    strbuf_append(out, s + i, 1);
    i++;
  }
}

typedef struct Unit {
  char *text;
  ItemVec items;
} Unit;

/* Appends one item of unit u: local names renamed, debug file indices renumbered, and
 * the leading ".extern" replaced by `linkage` when given. */
static void emit_item(StrBuf *out, const Item *it, const char *const *renames, size_t nrenames, size_t u,
                      unsigned file_offset, const char *linkage) {
  StrBuf tmp = {0};
  const char *p = it->start;
  if (linkage) {
    while (p < it->end && isspace((unsigned char)*p)) p++;
    if (starts_with_word(p, it->end, ".extern")) {
      strbuf_puts(&tmp, linkage);
      p += 7;
    }
  }
  strbuf_append(&tmp, p, (size_t)(it->end - p));
  for (size_t r = 0; r < nrenames; r++) {
    StrBuf next = {0};
    char to[300];
    snprintf(to, sizeof to, "%s$u%zu", renames[r], u);
    append_renamed(&next, tmp.data, tmp.len, renames[r], to);
    strbuf_free(&tmp);
    tmp = next;
  }
  append_file_renumbered(out, tmp.data, tmp.len, file_offset);
  strbuf_puts(out, "\n");
  strbuf_free(&tmp);
}

static bool is_header(const Item *it) {
  return !strncmp(it->start, ".version", 8) || !strncmp(it->start, ".target", 7) ||
         !strncmp(it->start, ".address_size", 13);
}

/* Joins the units' PTX into `out`: the header, then every unit's .file directives and
 * variables, then every unit's functions, so each symbol is declared before any use
 * whichever unit defines it. */
static void link_units(Unit *units, size_t nunits, StrBuf *out) {
  static const char visible[] = ".visible", weak[] = ".weak";
  unsigned vmaj = 0, vmin = 0, sm = 0;
  Map defined;  /* name -> linkage of its definition (visible / weak), for functions */
  Map vars;     /* variables defined (not extern) in some unit */
  Map declared, emitted_def, locals;
  map_init(&defined, NULL);
  map_init(&vars, NULL);
  map_init(&declared, NULL);
  map_init(&emitted_def, NULL);
  map_init(&locals, NULL);
  static char yes;
  VEC(const char *) *renames = xcalloc(nunits, sizeof *renames);
  unsigned *file_offset = xcalloc(nunits + 1, sizeof *file_offset);
  for (size_t u = 0; u < nunits; u++) {
    unsigned max_file = 0;
    for (size_t i = 0; i < units[u].items.len; i++) {
      const Item *it = &units[u].items.data[i];
      unsigned a, b;
      if (sscanf(it->start, ".version %u.%u", &a, &b) == 2 && (a > vmaj || (a == vmaj && b > vmin)))
        vmaj = a, vmin = b;
      if (sscanf(it->start, ".target sm_%u", &a) == 1 && a > sm) sm = a;
      if (sscanf(it->start, ".file %u", &a) == 1 && a > max_file) max_file = a;
      ItemInfo info;
      if (!item_info(it, &info)) continue;
      if (!info.is_extern && info.has_body) {
        if (info.is_func)
          map_put_str(&defined, info.name, (void *)(info.is_weak ? weak : visible));
        else
          map_put_str(&vars, info.name, &yes);
      }
      /* Unit-local names an earlier unit already used get renamed in this unit. */
      if (!info.is_extern && !info.is_weak && !info.is_visible && u > 0 && map_find_str(&locals, info.name)) {
        bool dup = false;
        for (size_t r = 0; r < renames[u].len; r++) dup |= !strcmp(renames[u].data[r], info.name);
        if (!dup) vec_push(&renames[u], arena_strdup(&locals.own, info.name));
      }
    }
    for (size_t i = 0; i < units[u].items.len; i++) {
      ItemInfo info;
      if (item_info(&units[u].items.data[i], &info) && !info.is_extern && !info.is_weak && !info.is_visible)
        map_put_str(&locals, info.name, &yes);
    }
    file_offset[u + 1] = file_offset[u] + max_file;
  }
  strbuf_printf(out, ".version %u.%u\n.target sm_%u\n.address_size 64\n\n", vmaj, vmin, sm ? sm : 52);
  for (int pass = 0; pass < 2; pass++) {
    for (size_t u = 0; u < nunits; u++) {
      for (size_t i = 0; i < units[u].items.len; i++) {
        const Item *it = &units[u].items.data[i];
        if (is_header(it)) continue;
        ItemInfo info;
        bool named = item_info(it, &info);
        bool is_file = !strncmp(it->start, ".file", 5);
        bool first_pass = is_file || (named && !info.is_func);
        if ((pass == 0) != first_pass) continue;
        const char *linkage = NULL;
        if (named && !info.is_func) {
          if (info.is_extern) {
            if (map_find_str(&vars, info.name) || map_find_str(&declared, info.name)) continue;
            map_put_str(&declared, info.name, &yes);
          } else if (info.is_weak) {
            if (map_find_str(&emitted_def, info.name)) continue;
            map_put_str(&emitted_def, info.name, &yes);
          }
        } else if (named && (info.is_extern || info.is_weak || info.is_visible)) {
          if (info.has_body) {
            if (info.is_weak && map_find_str(&emitted_def, info.name)) continue;
            map_put_str(&emitted_def, info.name, &yes);
          } else {
            /* A declaration: once, and never after the definition. An .extern one for a
             * function another unit defines becomes a prototype of that definition. */
            if (map_find_str(&emitted_def, info.name) || map_find_str(&declared, info.name)) continue;
            map_put_str(&declared, info.name, &yes);
            if (info.is_extern) linkage = map_find_str(&defined, info.name);
          }
        }
        emit_item(out, it, renames[u].data, renames[u].len, u, file_offset[u], linkage);
      }
    }
  }
  for (size_t u = 0; u < nunits; u++) vec_free(&renames[u]);
  free(renames);
  free(file_offset);
  map_fini(&defined);
  map_fini(&vars);
  map_fini(&declared);
  map_fini(&emitted_def);
  map_fini(&locals);
}

/* Functions the code generator provides itself (device printf, malloc/free, assert) and
 * the device runtime's entry points: an .extern declaration of these needs no unit. */
static bool provided_by_ptxvm(const char *name) {
  return !strcmp(name, "vprintf") || !strcmp(name, "malloc") || !strcmp(name, "free") ||
         !strcmp(name, "__assertfail") || !strncmp(name, "cuda", 4);
}

char *drv_ptx_link(const char *const *texts, size_t n, size_t *len, StrBuf *errors) {
  Unit *units = xcalloc(n ? n : 1, sizeof *units);
  for (size_t u = 0; u < n; u++) {
    units[u].text = xstrdup(texts[u]);
    split_items(units[u].text, &units[u].items);
  }
  /* What is defined anywhere, then which .extern declarations no unit defines. */
  Map defined;
  map_init(&defined, NULL);
  static char yes, visible_def[1];
  for (size_t u = 0; u < n; u++)
    for (size_t i = 0; i < units[u].items.len; i++) {
      ItemInfo info;
      if (!item_info(&units[u].items.data[i], &info) || info.is_extern || !info.has_body) continue;
      /* Two strong definitions of one visible symbol: the link has no answer. Unit-local
       * (unqualified) ones are renamed apart by link_units, .weak ones kept once. */
      if (info.is_visible && !info.is_weak && map_find_str(&defined, info.name) == (void *)visible_def)
        strbuf_printf(errors, "%ssymbol '%s' is defined in more than one input", errors->len ? "; " : "",
                      info.name);
      if (map_find_str(&defined, info.name) != (void *)visible_def)
        map_put_str(&defined, info.name, info.is_visible && !info.is_weak ? (void *)visible_def : &yes);
    }
  for (size_t u = 0; u < n; u++)
    for (size_t i = 0; i < units[u].items.len; i++) {
      ItemInfo info;
      const Item *it = &units[u].items.data[i];
      /* .extern .shared arrays are dynamic shared memory, sized at launch: never defined. */
      bool dyn_shared = memmem(it->start, (size_t)(it->end - it->start), ".shared", 7) != NULL;
      if (item_info(it, &info) && info.is_extern && !dyn_shared && !map_find_str(&defined, info.name) &&
          !(info.is_func && provided_by_ptxvm(info.name))) {
        strbuf_printf(errors, "%sunresolved external symbol '%s'", errors->len ? "; " : "", info.name);
        map_put_str(&defined, info.name, &yes); /* named once */
      }
    }
  map_fini(&defined);
  StrBuf out = {0};
  link_units(units, n, &out);
  for (size_t u = 0; u < n; u++) {
    free(units[u].text);
    vec_free(&units[u].items);
  }
  free(units);
  *len = out.len;
  return out.data;
}

/* The file holding `image` (the program or a shared library), for its relfatbin sections. */
static const char *object_path(const void *image, char *buf, size_t cap) {
  Dl_info info;
  if (dladdr(image, &info) && info.dli_fname && info.dli_fname[0]) {
    /* The main program's name is as it was started; its own link is exact. */
    Dl_info main_info;
    extern char **environ;
    if (dladdr((void *)&environ, &main_info) && main_info.dli_fbase == info.dli_fbase)
      return "/proc/self/exe";
    snprintf(buf, cap, "%s", info.dli_fname);
    return buf;
  }
  return "/proc/self/exe";
}

bool drv_rdc_link(const void *image, unsigned cc, char **text, size_t *len, DiagSink *d) {
  char pathbuf[4096];
  const char *path = object_path(image, pathbuf, sizeof pathbuf);
  FatbinImage img = {0};
  DiagSink quiet;
  diag_init(&quiet, path, NULL, 0);
  bool ok = fatbin_parse_file(path, &img, &quiet);
  diag_fini(&quiet);
  if (!ok) {
    fatbin_image_fini(&img);
    return false;
  }
  /* Per container (one per translation unit) the PTX for cc: the highest target not
   * above it, else the lowest. */
  VEC(Unit) units = {0};
  for (unsigned c = 0; c < img.containers; c++) {
    const FatbinEntry *best = NULL;
    for (size_t i = 0; i < img.count; i++) {
      const FatbinEntry *e = &img.entries[i];
      if (e->container != c || e->kind != FATBIN_KIND_PTX || !e->section ||
          strcmp(e->section, "__nv_relfatbin") != 0)
        continue;
      bool fits = e->arch <= cc, best_fits = best && best->arch <= cc;
      if (!best || (fits && (!best_fits || e->arch > best->arch)) ||
          (!fits && !best_fits && e->arch < best->arch))
        best = e;
    }
    if (!best) continue;
    Unit unit = {0};
    size_t n;
    if (!fatbin_entry_ptx_text(best, &unit.text, &n, d)) continue;
    split_items(unit.text, &unit.items);
    vec_push(&units, unit);
  }
  fatbin_image_fini(&img);
  if (units.len == 0) {
    vec_free(&units);
    return false;
  }
  StrBuf out = {0};
  link_units(units.data, units.len, &out);
  for (size_t i = 0; i < units.len; i++) {
    free(units.data[i].text);
    vec_free(&units.data[i].items);
  }
  LOG(LOG_FATBIN, "linked the PTX of %zu relocatable translation unit(s) from %s", units.len, path);
  vec_free(&units);
  *text = out.data;
  *len = out.len;
  return out.data != NULL;
}
#endif
