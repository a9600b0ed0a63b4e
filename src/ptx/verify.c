/* ptx verifier: checks what the grammar cannot, reporting every error and going on. This
 * file holds the module-level checks (header directives, definitions, declarations per
 * block, kernel parameters, the static shared-memory budget) and walks the functions;
 * verify_instr.c checks each instruction's operands, verify_mods.c its suffixes and the
 * targets it needs, verify_mem.c its memory operands. Valid PTX must never be rejected:
 * rules follow the PTX ISA, and ptxas where the ISA is terse; when in doubt a check stays
 * silent. */
#include "verify_internal.h"

#include <stdarg.h>

/* ---- Reporting ---- */

void verify_error(Verifier *v, SrcLoc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_vreport(v->diags, DIAG_ERROR, loc, fmt, ap);
  va_end(ap);
  v->failed = true;
}

void verify_warning(Verifier *v, SrcLoc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_vreport(v->diags, DIAG_WARNING, loc, fmt, ap);
  va_end(ap);
}

/* ---- Source positions of header directives, which the IR does not keep. ---- */

/* Finds the first top-level occurrence of directive `name` (".target") outside comments
 * and strings; on success returns the location of the token that follows it (its value)
 * in *value_loc and of the directive itself in *dir_loc. */
static bool find_directive(const PtxModule *m, const char *name, SrcLoc *dir_loc,
                           SrcLoc *value_loc) {
  const char *s = m->src;
  size_t n = m->src_len, len = strlen(name);
  uint32_t line = 1, col = 1;
  if (!s) return false;
  for (size_t i = 0; i < n;) {
    char c = s[i];
    if (c == '/' && i + 1 < n && s[i + 1] == '/') {
      while (i < n && s[i] != '\n')
        i++, col++;
      continue;
    }
    if (c == '/' && i + 1 < n && s[i + 1] == '*') {
      i += 2, col += 2;
      while (i < n && !(s[i] == '*' && i + 1 < n && s[i + 1] == '/')) {
        if (s[i] == '\n')
          line++, col = 1;
        else
          col++;
        i++;
      }
      i += 2, col += 2;
      continue;
    }
    if (c == '"') {
      i++, col++;
      while (i < n && s[i] != '"' && s[i] != '\n')
        i++, col++;
      i++, col++;
      continue;
    }
    if (c == '\n') {
      i++, line++, col = 1;
      continue;
    }
    if (c == '.' && i + len <= n && memcmp(s + i, name, len) == 0 &&
        (i + len == n || !(isalnum((unsigned char)s[i + len]) || s[i + len] == '_'))) {
      *dir_loc = (SrcLoc){line, col, (uint32_t)len};
      size_t j = i + len;
      uint32_t vcol = col + (uint32_t)len;
      while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++, vcol++;
      size_t k = j;
      while (k < n && (isalnum((unsigned char)s[k]) || s[k] == '_' || s[k] == '.'))
        k++;
      *value_loc = (SrcLoc){line, vcol, (uint32_t)(k > j ? k - j : 1)};
      return true;
    }
    /* Skip the rest of an identifier so ".targetfoo" inside a name never matches. */
    if (isalnum((unsigned char)c) || c == '_' || c == '$' || c == '%' || c == '.') {
      do
        i++, col++;
      while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '$'));
      continue;
    }
    i++, col++;
  }
  return false;
}

/* The lowest PTX ISA version (major*10+minor) that knows a target, for the targets where we
 * are sure (sm_50 on); 0 when unknown. PTX ISA release notes, "PTX ISA version" table. */
static unsigned target_min_ptx(unsigned sm) {
  static const struct {
    unsigned sm, ptx;
  } table[] = {
      {50, 40},  {52, 41},  {53, 42},  {60, 50},  {61, 50},  {62, 50},  {70, 60},
      {72, 61},  {75, 63},  {80, 70},  {86, 71},  {87, 74},  {89, 78},  {90, 78},
      {100, 86}, {101, 86}, {103, 88}, {110, 90}, {120, 87}, {121, 88},
  };
  for (size_t i = 0; i < ARRAY_LEN(table); i++)
    if (table[i].sm == sm) return table[i].ptx;
  return 0;
}

static void verify_header(Verifier *v) {
  const PtxModule *m = v->m;
  SrcLoc vdir = {0}, vval = {0}, tdir = {0}, tval = {0}, adir = {0}, aval = {0};
  bool has_version = find_directive(m, ".version", &vdir, &vval);
  bool has_target = find_directive(m, ".target", &tdir, &tval);
  bool has_asize = find_directive(m, ".address_size", &adir, &aval);
  if (!has_version) {
    verify_error(v, has_target ? tdir : (SrcLoc){1, 1, 1},
                 "missing .version directive: a PTX module begins with .version and .target");
  }
  if (!has_target) {
    verify_error(v, has_version ? vdir : (SrcLoc){1, 1, 1},
                 "missing .target directive after .version");
  }
  if (has_version && has_target &&
      (tdir.line < vdir.line || (tdir.line == vdir.line && tdir.col < vdir.col))) {
    verify_error(v, tdir, ".target must follow .version");
  }
  if (has_asize && m->address_size != 32 && m->address_size != 64) {
    verify_error(v, aval, ".address_size must be 32 or 64, not %u", m->address_size);
  }
  if (has_version && has_target && m->sm) {
    unsigned need = target_min_ptx(m->sm);
    unsigned have = m->version_major * 10 + m->version_minor;
    if (need && have < need) {
      verify_error(v, tval,
                   ".target sm_%u requires PTX ISA %u.%u or later; the module is .version %u.%u",
                   m->sm, need / 10, need % 10, m->version_major, m->version_minor);
    }
  }
  v->target_loc = tval;
  v->address_size_given = has_asize;
}

/* ---- Definitions ---- */

static void verify_duplicates(Verifier *v) {
  const PtxModule *m = v->m;
  Map names;
  map_init(&names, NULL);
  for (uint32_t i = 0; i < m->nglobals; i++) {
    const PtxVar *var = m->globals[i];
    if (!var->name) continue;
    const PtxVar *prev = map_find_str(&names, var->name);
    /* extern declarations may precede the definition */
    if (prev && prev->linkage != PTX_LINK_EXTERN && var->linkage != PTX_LINK_EXTERN)
      verify_error(v, var->loc, "redefinition of variable '%s'", var->name);
    else
      map_put_str(&names, var->name, (void *)var);
  }
  map_fini(&names);
  map_init(&names, NULL);
  for (uint32_t i = 0; i < m->nfuncs; i++) {
    const PtxFunc *f = m->funcs[i];
    if (!f->name || f->is_declaration) continue;
    if (map_find_str(&names, f->name))
      verify_error(v, f->loc, "redefinition of function '%s'", f->name);
    else
      map_put_str(&names, f->name, (void *)f);
  }
  map_fini(&names);
}

/* Registers and labels are checked by the parser, which knows their scopes (nvcc repeats
 * `.reg .b32 %temp;` in sibling blocks); parameters share one scope per function. */
static void verify_func_duplicates(Verifier *v, const PtxFunc *f) {
  Map names;
  map_init(&names, NULL);
  for (uint32_t i = 0; i < f->nparams + f->nrets; i++) {
    const PtxVar *p = i < f->nrets ? f->rets[i] : f->params[i - f->nrets];
    if (!p || !p->name) continue;
    if (map_find_str(&names, p->name))
      verify_error(v, p->loc, "redefinition of parameter '%s'", p->name);
    else
      map_put_str(&names, p->name, (void *)p);
  }
  map_fini(&names);
}

/* Declarations within one block: the parser resolves names and reports most clashes; this
 * walk is the backstop for a single register that collides with a range declared in the
 * same block (`.reg .b32 %r<8>;` then `.reg .b32 %r1;`), which ptxas rejects. Blocks nest
 * (nvcc repeats `.reg .b32 %temp;` in sibling call blocks), so each has its own names. */
typedef struct DeclScope {
  Map names;    /* single registers and variables */
  Map prefixes; /* "%r" of %r<8>, to its PtxRegDecl */
  VEC(const PtxReg *) singles;
} DeclScope;
typedef VEC(DeclScope) DeclStack;

/* "%r12" -> prefix length 2 and index 12; false when the name has no decimal suffix. */
static bool split_indexed(const char *name, size_t *plen, uint64_t *index) {
  size_t n = strlen(name), i = n;
  while (i > 0 && isdigit((unsigned char)name[i - 1]))
    i--;
  if (i == n || n - i > 9 || (name[i] == '0' && n - i > 1)) return false;
  *plen = i;
  *index = strtoull(name + i, NULL, 10);
  return true;
}

/* The maps keep their keys in `keys`, an arena outside them, since the stack moves them. */
static void decl_scope_push(DeclStack *stack, Arena *keys) {
  DeclScope sc;
  memset(&sc, 0, sizeof sc);
  map_init(&sc.names, keys);
  map_init(&sc.prefixes, keys);
  vec_push(stack, sc);
}

static void decl_scope_pop(DeclStack *stack) {
  DeclScope *sc = &vec_last(stack);
  map_fini(&sc->names);
  map_fini(&sc->prefixes);
  vec_free(&sc->singles);
  stack->len--;
}

static void verify_declarations(Verifier *v, const PtxFunc *f) {
  DeclStack stack = {0};
  Arena keys;
  arena_init(&keys);
  decl_scope_push(&stack, &keys);
  for (uint32_t s = 0; s < f->nbody; s++) {
    const PtxStmt *st = &f->body[s];
    if (st->kind == PTX_STMT_SCOPE_BEGIN) {
      decl_scope_push(&stack, &keys);
      continue;
    }
    if (st->kind == PTX_STMT_SCOPE_END) {
      if (stack.len > 1) decl_scope_pop(&stack);
      continue;
    }
    DeclScope *sc = &vec_last(&stack);
    if (st->kind == PTX_STMT_VAR_DECL && st->var && st->var->name) {
      if (map_find_str(&sc->names, st->var->name))
        verify_error(v, st->var->loc, "'%s' is already declared in this scope", st->var->name);
      else
        map_put_str(&sc->names, st->var->name, (void *)st->var);
      continue;
    }
    if (st->kind != PTX_STMT_REG_DECL || !st->regdecl) continue;
    const PtxRegDecl *d = st->regdecl;
    if (d->count > 0 && d->prefix) {
      SrcLoc loc = d->nregs ? d->regs[0]->loc : st->loc;
      bool clash = map_find_str(&sc->prefixes, d->prefix) != NULL;
      for (size_t i = 0; i < sc->singles.len && !clash; i++) {
        size_t plen;
        uint64_t index;
        const char *name = sc->singles.data[i]->name;
        clash = split_indexed(name, &plen, &index) && plen == strlen(d->prefix) &&
                !memcmp(name, d->prefix, plen) && index < d->count;
      }
      if (clash)
        verify_error(v, loc,
                     "registers '%s<%u>' clash with a register already declared in "
                     "this scope",
                     d->prefix, d->count);
      else
        map_put_str(&sc->prefixes, d->prefix, (void *)d);
      continue;
    }
    for (uint32_t i = 0; i < d->nregs; i++) {
      const PtxReg *r = d->regs[i];
      if (!r || !r->name) continue;
      size_t plen;
      uint64_t index;
      const PtxRegDecl *range = NULL;
      if (split_indexed(r->name, &plen, &index)) {
        char prefix[128];
        if (plen < sizeof prefix) {
          memcpy(prefix, r->name, plen);
          prefix[plen] = 0;
          range = map_find_str(&sc->prefixes, prefix);
          if (range && index >= range->count) range = NULL;
        }
      }
      if (range || map_find_str(&sc->names, r->name)) {
        verify_error(v, r->loc, "'%s' is already declared in this scope", r->name);
      } else {
        map_put_str(&sc->names, r->name, (void *)r);
        vec_push(&sc->singles, r);
      }
    }
  }
  while (stack.len)
    decl_scope_pop(&stack);
  vec_free(&stack);
  arena_fini(&keys);
}

/* ---- Shared memory budget of each kernel ---- */

#define STATIC_SHARED_LIMIT 49152u /* 48 KB: what a launch gets without cudaFuncSetAttribute */

/* Adds to `seen` every shared variable `f` (and the functions it calls) names. */
static void collect_shared(const PtxFunc *f, Map *seen, Map *visited) {
  if (!f || map_find_str(visited, f->name ? f->name : "")) return;
  map_put_str(visited, f->name ? f->name : "", (void *)f);
  for (uint32_t i = 0; i < f->nlocals; i++) {
    const PtxVar *var = f->locals[i];
    if (var->space == PTX_SPACE_SHARED && var->name) map_put_str(seen, var->name, (void *)var);
  }
  for (uint32_t s = 0; s < f->nbody; s++) {
    if (f->body[s].kind != PTX_STMT_INSTR) continue;
    const PtxInstr *ins = f->body[s].instr;
    for (uint32_t k = 0; k < ins->noperands; k++) {
      const PtxOperand *o = &ins->operands[k];
      if (o->kind == PTX_OPND_ADDR && o->addr.base) o = o->addr.base;
      if (o->kind == PTX_OPND_VAR && o->var && o->var->space == PTX_SPACE_SHARED && o->var->name &&
          !o->var->owner)
        map_put_str(seen, o->var->name, (void *)o->var);
      if (o->kind == PTX_OPND_FUNC && o->func) collect_shared(o->func, seen, visited);
    }
  }
}

static void verify_shared_budget(Verifier *v, const PtxFunc *f) {
  Map seen, visited;
  map_init(&seen, NULL);
  map_init(&visited, NULL);
  collect_shared(f, &seen, &visited);
  uint64_t total = 0;
  for (size_t i = 0; i < seen.cap; i++) {
    const PtxVar *var = seen.slots[i].key ? seen.slots[i].value : NULL;
    if (var && var->linkage != PTX_LINK_EXTERN) total += var->size;
  }
  if (total > STATIC_SHARED_LIMIT) {
    verify_warning(v, f->loc,
                   "kernel '%s' uses %llu bytes of static shared memory, more than the %u "
                   "(48 KB) a launch gets without opting in",
                   f->name, (unsigned long long)total, STATIC_SHARED_LIMIT);
  }
  map_fini(&seen);
  map_fini(&visited);
}

/* ---- Functions ---- */

static void verify_func(Verifier *v, const PtxFunc *f) {
  v->fn = f;
  verify_func_duplicates(v, f);
  verify_declarations(v, f);
  if (f->is_entry) {
    for (uint32_t i = 0; i < f->nparams; i++) {
      const PtxVar *p = f->params[i];
      if (p->space != PTX_SPACE_PARAM)
        verify_error(v, p->loc, "kernel parameter '%s' must be in .param space, not %s", p->name,
                     ptx_space_name(p->space));
    }
    if (f->nrets) {
      verify_error(v, f->rets[0]->loc,
                   "kernel '%s' declares return parameters; an .entry returns nothing", f->name);
    }
  }
  for (uint32_t s = 0; s < f->nbody && !diag_full(v->diags); s++) {
    if (f->body[s].kind == PTX_STMT_INSTR) verify_instr(v, f->body[s].instr);
  }
  if (f->is_entry && !f->is_declaration) verify_shared_budget(v, f);
  v->fn = NULL;
}

bool ptx_module_verify(const PtxModule *module, DiagSink *diags) {
  Verifier v = {.m = module, .diags = diags};
  verify_header(&v);
  verify_duplicates(&v);
  for (uint32_t i = 0; i < module->nfuncs && !diag_full(diags); i++)
    verify_func(&v, module->funcs[i]);
  return !v.failed;
}
