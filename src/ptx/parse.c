/* ptx parser: a hand-written scanner and a recursive-descent parser from PTX text to the
 * arena-owned IR of ptx.h. Names resolve as they are met (scopes shadow, so nvcc's
 * per-call `param0` blocks work); labels and functions may be used before they appear and
 * resolve when the function or the module ends. Errors recover at ';' or '}'. */
#include "ptx_internal.h"

#include <math.h>
#include <setjmp.h>

/* ======================================================================================
 * Tokens
 * ==================================================================================== */

typedef enum TokKind {
  T_EOF,
  T_IDENT,  /* foo, %r1, $L__BB0_1, _ */
  T_DOT,    /* .reg .b32 .shared::cta .L2::cache_hint .1d */
  T_INT,    /* 42 0x2a 052 0b101 42U */
  T_FLOAT,  /* 1.5 2e3 */
  T_F32,    /* 0f3F800000 */
  T_F64,    /* 0d3FF0000000000000 */
  T_STRING, /* "..." (s/len exclude the quotes) */
  T_PUNCT,  /* one character in `punct` */
} TokKind;

typedef struct Token {
  TokKind kind;
  char punct;
  bool space_before; /* whitespace or a comment separates it from the previous token */
  const char *s;
  uint32_t len;
  uint32_t line, col;
  uint32_t fnv; /* T_IDENT: the hash state after its characters (ptx_hash_step) */
  uint64_t u;
  double f;
} Token;

/* ======================================================================================
 * Names: one Ident per distinct spelling, carrying its current bindings so a lookup is
 * one hash probe. Keys point into the module's copy of the source, or into its arena.
 * ==================================================================================== */

typedef struct Sym Sym;
typedef struct Ident {
  const char *name; /* NUL-terminated arena copy, for the IR */
  const char *key;  /* the spelling (not terminated) */
  uint32_t len, hash;
  Sym *local;       /* innermost register/variable binding in the open scopes */
  struct LabelDef *labels; /* labels of this name in the current function, newest first */
  void *global;     /* module-scope variable or function (definitions win over decls) */
  uint8_t gkind;    /* G_VAR / G_FUNC */
  int16_t sreg;     /* special register, or -1 */
} Ident;

enum { G_NONE, G_VAR, G_FUNC };
enum { SYM_REG = 1, SYM_VAR };

struct Sym {
  uint8_t kind;
  void *obj;
  Sym *shadowed;
  Ident *id;
};

/* A name used before it could be resolved; patched when the function or module ends. */
typedef enum FixKind {
  FIX_OPERAND,   /* PtxOperand: a label, else a global variable or function */
  FIX_LABEL,     /* PtxLabel* slot: .branchtargets entry */
  FIX_INIT,      /* PtxInit: variable or function address */
} FixKind;

typedef struct Fixup {
  FixKind kind;
  uint32_t block; /* the body block of the use: labels are found from there outwards */
  void *slot;
  Ident *id;
  SrcLoc loc;
} Fixup;

/* Labels are scoped by blocks like registers (inlined asm repeats its LAB_WAIT: in every
 * copy, and ptxas accepts that), but visible in the whole block, before their definition
 * too. */
typedef struct LabelDef {
  PtxLabel *label;
  uint32_t block;
  struct LabelDef *next;
} LabelDef;

typedef struct Mnemonic {
  PtxOpcode op;
  PtxMod *mods;
  uint32_t nmods;
  PtxType types[4];
  uint8_t ntypes;
} Mnemonic;

/* Slots keep the hash next to the pointer, so a probe that misses touches no entry. */
typedef struct HashSlot {
  uint32_t hash;
  void *entry; /* Ident* or MnemEntry* */
} HashSlot;

typedef struct HashTab {
  HashSlot *slots;
  uint32_t cap, count;
} HashTab;

/* A register range %r<N> in scope: %r7 is found by splitting off the number and indexing,
 * with no hash lookup and no Ident per register (kernels declare thousands). A single
 * register that shadows a range member gets an entry of count 1. */
typedef struct RangeBind {
  const char *prefix;
  uint32_t plen, base, count;
  PtxReg **regs;
} RangeBind;

typedef struct MnemEntry {
  const char *key;
  uint32_t len, hash;
  Mnemonic mn;
} MnemEntry;

/* ======================================================================================
 * Parser state
 * ==================================================================================== */

typedef struct Parser {
  PtxModule *m;
  Arena *a;
  /* The parser's own lookup structures (idents, mnemonics, bindings) live apart from the
   * IR, so the hash probes stay in cache while the IR streams out; freed after parsing. */
  Arena scratch;
  DiagSink *diags;
  /* Scanner. */
  const char *src, *cur, *end, *line_start;
  uint32_t line;
  Token tok;
  /* Recovery: errors longjmp to the statement loop, which skips to ';' or '}'. */
  jmp_buf *recover;
  bool stop; /* too many errors: unwind to the end */
  /* Names. */
  HashTab idents, mnems;
  VEC(Sym *) scope_syms;   /* bindings in open scopes, innermost last */
  VEC(size_t) scope_marks;
  VEC(RangeBind) ranges;   /* register ranges in open scopes, innermost last */
  VEC(size_t) range_marks;
  VEC(Fixup) fn_fixups, mod_fixups;
  VEC(Ident *) fn_label_ids;
  VEC(uint32_t) block_parent; /* body blocks of the current function: parent of each */
  uint32_t cur_block;
  /* The function being parsed. */
  PtxFunc *fn;
  VEC(PtxStmt) body;
  VEC(PtxReg *) regs;
  VEC(PtxLabel *) labels;
  VEC(PtxVar *) locals;
  PtxDebugLoc dbg;
  /* Module lists. */
  VEC(PtxItem) items;
  VEC(PtxFunc *) funcs;
  VEC(PtxVar *) globals;
  VEC(PtxFile) files;
  VEC(const char *) targets;
  /* Nesting of operand lists and expressions, bounded so hostile input cannot overflow
   * the stack; fixups made since the statement began (see move_fixups). */
  unsigned depth;
  unsigned list_depth; /* {..} and (..) lists inside each other: big frames, so few */
  size_t fix_mark, mfix_mark;
  /* Scratch stacks for lists of unknown length (initialisers, parameters, jump tables),
   * used with a mark and emptied when a statement starts, so an error unwinding through
   * them leaks nothing. */
  VEC(void *) ptrs;
  VEC(SrcLoc) locs;
  bool in_prototype; /* .callprototype parameters bind no names */
  uint64_t module_regs; /* registers declared so far, against MAX_MODULE_REGS */
} Parser;

#define MAX_LIST 512  /* elements of one {vector} or (list); wgmma uses up to 128 */
#define MAX_DEPTH 64

#define MAX_REG_RANGE (1u << 20)   /* %r<N>: more is hostile input, not a kernel */
#define MAX_MODULE_REGS (1u << 23) /* all ranges of a module together (~400 MB of IR) */

static _Noreturn void bail(Parser *p) {
  longjmp(*p->recover, 1);
}

static SrcLoc tok_loc(const Token *t) {
  return (SrcLoc){t->line, t->col, t->len ? t->len + (t->kind == T_STRING ? 2 : 0) : 1};
}

static void report(Parser *p, DiagSeverity sev, SrcLoc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report(Parser *p, DiagSeverity sev, SrcLoc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_vreport(p->diags, sev, loc, fmt, ap);
  va_end(ap);
  if (diag_full(p->diags)) p->stop = true;
}

/* Reports an error at `loc` and unwinds to the statement loop. */
static _Noreturn void error_at(Parser *p, SrcLoc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static _Noreturn void error_at(Parser *p, SrcLoc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_vreport(p->diags, DIAG_ERROR, loc, fmt, ap);
  va_end(ap);
  if (diag_full(p->diags)) p->stop = true;
  bail(p);
}

/* A short quotation of the current token for messages. */
static const char *tok_desc(Parser *p, const Token *t) {
  switch (t->kind) {
  case T_EOF: return "end of input";
  case T_STRING: return "string";
  default: {
    uint32_t n = t->len > 40 ? 40 : t->len;
    return arena_printf(p->a, "'%.*s'", (int)n, t->s);
  }
  }
}

static _Noreturn void error_expected(Parser *p, const char *what) {
  error_at(p, tok_loc(&p->tok), "expected %s, found %s", what, tok_desc(p, &p->tok));
}

/* ======================================================================================
 * Scanner
 * ==================================================================================== */

/* Character classes by table (GNU range initialisers): the scanner's inner loops. */
enum { CC_IDENT = 1, CC_START = 2 };
static const uint8_t char_class[256] = {
    ['a' ... 'z'] = CC_IDENT | CC_START, ['A' ... 'Z'] = CC_IDENT | CC_START,
    ['0' ... '9'] = CC_IDENT,            ['_'] = CC_IDENT | CC_START,
    ['$'] = CC_IDENT | CC_START,         ['%'] = CC_START,
};
static inline bool is_ident_start(unsigned char c) { return char_class[c] & CC_START; }
static inline bool is_ident_char(unsigned char c) { return char_class[c] & CC_IDENT; }
static inline bool is_punct_char(unsigned char c) {
  switch (c) {
  case ',': case ';': case ':': case '{': case '}': case '[': case ']': case '(': case ')':
  case '<': case '>': case '+': case '-': case '!': case '@': case '|': case '=': case '*':
  case '/': case '~': case '&': case '^': case '?':
    return true;
  default: return false;
  }
}
static inline int hex_val(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static void lex_error(Parser *p, const char *at, uint32_t len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void lex_error(Parser *p, const char *at, uint32_t len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  SrcLoc loc = {p->line, (uint32_t)(at - p->line_start) + 1, len};
  diag_vreport(p->diags, DIAG_ERROR, loc, fmt, ap);
  va_end(ap);
  if (diag_full(p->diags)) p->stop = true;
}

/* Skips blanks, newlines and comments; returns whether anything was skipped. */
static bool skip_space(Parser *p) {
  const char *c = p->cur, *e = p->end;
  const char *start = c;
  for (;;) {
    while (c < e && (*c == ' ' || *c == '\t' || *c == '\r' || *c == '\f' || *c == '\v')) c++;
    if (c >= e) break;
    if (*c == '\n') {
      c++;
      p->line++;
      p->line_start = c;
      continue;
    }
    if (*c == '/' && c + 1 < e && c[1] == '/') {
      const char *nl = memchr(c, '\n', (size_t)(e - c));
      c = nl ? nl : e;
      continue;
    }
    if (*c == '/' && c + 1 < e && c[1] == '*') {
      const char *open = c;
      uint32_t open_line = p->line;
      const char *open_ls = p->line_start;
      c += 2;
      while (c < e && !(*c == '*' && c + 1 < e && c[1] == '/')) {
        if (*c == '\n') {
          p->line++;
          p->line_start = c + 1;
        }
        c++;
      }
      if (c >= e) {
        SrcLoc loc = {open_line, (uint32_t)(open - open_ls) + 1, 2};
        diag_report(p->diags, DIAG_ERROR, loc, "unterminated comment");
        if (diag_full(p->diags)) p->stop = true;
        break;
      }
      c += 2;
      continue;
    }
    break;
  }
  p->cur = c;
  return c != start;
}

/* number: 0f<8 hex> | 0d<16 hex> | 0x<hex> | 0b<bin> | 0<oct> | <dec> [U], or a decimal
 * float <dec>.<dec>[e[+-]<dec>] | <dec>e[+-]<dec>. */
static void lex_number(Parser *p, Token *t) {
  const char *c = p->cur, *e = p->end, *start = c;
  t->kind = T_INT;
  if (c[0] == '0' && c + 1 < e && (c[1] == 'f' || c[1] == 'F' || c[1] == 'd' || c[1] == 'D')) {
    bool is64 = c[1] == 'd' || c[1] == 'D';
    unsigned want = is64 ? 16 : 8, n = 0;
    uint64_t v = 0;
    c += 2;
    while (c < e && hex_val((unsigned char)*c) >= 0) {
      v = v << 4 | (uint64_t)hex_val((unsigned char)*c);
      c++;
      n++;
    }
    if (n != want) lex_error(p, start, (uint32_t)(c - start), "%s float literal needs exactly %u hex digits",
                             is64 ? "0d" : "0f", want);
    t->kind = is64 ? T_F64 : T_F32;
    t->u = v;
  } else if (c[0] == '0' && c + 1 < e && (c[1] == 'x' || c[1] == 'X')) {
    uint64_t v = 0;
    bool over = false;
    c += 2;
    const char *digits = c;
    while (c < e && hex_val((unsigned char)*c) >= 0) {
      if (v >> 60) over = true;
      v = v << 4 | (uint64_t)hex_val((unsigned char)*c);
      c++;
    }
    if (c == digits) lex_error(p, start, 2, "hexadecimal literal without digits");
    if (over) lex_error(p, start, (uint32_t)(c - start), "integer literal does not fit in 64 bits");
    t->u = v;
  } else if (c[0] == '0' && c + 1 < e && (c[1] == 'b' || c[1] == 'B')) {
    uint64_t v = 0;
    bool over = false;
    c += 2;
    const char *digits = c;
    while (c < e && (*c == '0' || *c == '1')) {
      if (v >> 63) over = true;
      v = v << 1 | (uint64_t)(*c - '0');
      c++;
    }
    if (c == digits) lex_error(p, start, 2, "binary literal without digits");
    if (over) lex_error(p, start, (uint32_t)(c - start), "integer literal does not fit in 64 bits");
    t->u = v;
  } else {
    const char *d = c;
    while (d < e && *d >= '0' && *d <= '9') d++;
    bool is_float = false;
    if (d < e && *d == '.' && d + 1 < e && d[1] >= '0' && d[1] <= '9') is_float = true;
    if (d < e && (*d == 'e' || *d == 'E') && d + 1 < e &&
        ((d[1] >= '0' && d[1] <= '9') || ((d[1] == '+' || d[1] == '-') && d + 2 < e && d[2] >= '0' && d[2] <= '9')))
      is_float = true;
    if (is_float) {
      if (*d == '.') {
        d++;
        while (d < e && *d >= '0' && *d <= '9') d++;
      }
      if (d < e && (*d == 'e' || *d == 'E')) {
        const char *x = d + 1;
        if (x < e && (*x == '+' || *x == '-')) x++;
        if (x < e && *x >= '0' && *x <= '9') {
          while (x < e && *x >= '0' && *x <= '9') x++;
          d = x;
        }
      }
      char buf[128];
      size_t n = (size_t)(d - c);
      if (n >= sizeof buf) {
        lex_error(p, start, (uint32_t)n, "float literal too long");
        n = sizeof buf - 1;
      }
      memcpy(buf, c, n);
      buf[n] = 0;
      t->kind = T_FLOAT;
      t->f = strtod(buf, NULL);
      c = d;
    } else {
      uint64_t v = 0;
      bool over = false;
      bool octal = c[0] == '0' && d - c > 1;
      for (const char *x = c; x < d; x++) {
        unsigned dv = (unsigned)(*x - '0');
        if (octal) {
          if (dv > 7) {
            lex_error(p, x, 1, "digit '%c' in an octal literal", *x);
            break;
          }
          if (v >> 61) over = true;
          v = v * 8 + dv;
        } else {
          if (v > (UINT64_MAX - dv) / 10) over = true;
          v = v * 10 + dv;
        }
      }
      if (over) lex_error(p, start, (uint32_t)(d - start), "integer literal does not fit in 64 bits");
      t->u = v;
      c = d;
    }
  }
  if (t->kind == T_INT && c < e && (*c == 'U' || *c == 'u')) c++;
  if (c < e && is_ident_char((unsigned char)*c)) {
    const char *x = c;
    while (x < e && is_ident_char((unsigned char)*x)) x++;
    lex_error(p, start, (uint32_t)(x - start), "malformed number '%.*s'", (int)(x - start), start);
    c = x;
  }
  p->cur = c;
}

/* Scans the next token into p->tok. Bad bytes are reported and skipped, so the parser
 * only ever sees well-formed tokens. */
static void next(Parser *p) {
  Token *t = &p->tok;
again:
  t->space_before = skip_space(p);
  t->s = p->cur;
  t->line = p->line;
  t->col = (uint32_t)(p->cur - p->line_start) + 1;
  t->u = 0;
  if (p->cur >= p->end || p->stop) {
    t->kind = T_EOF;
    t->len = 0;
    return;
  }
  const char *c = p->cur, *e = p->end;
  unsigned char ch = (unsigned char)*c;
  if (is_ident_start(ch)) {
    uint32_t h = ptx_hash_step(PTX_HASH_INIT, ch);
    c++;
    while (c < e && is_ident_char((unsigned char)*c)) h = ptx_hash_step(h, (unsigned char)*c++);
    t->kind = T_IDENT;
    t->fnv = h;
    p->cur = c;
  } else if (ch >= '0' && ch <= '9') {
    lex_number(p, t);
  } else if (ch == '.' && c + 1 < e && (is_ident_char((unsigned char)c[1]))) {
    c++;
    for (;;) {
      while (c < e && is_ident_char((unsigned char)*c)) c++;
      if (c + 2 < e && c[0] == ':' && c[1] == ':' && is_ident_char((unsigned char)c[2])) {
        c += 2;
        continue;
      }
      break;
    }
    t->kind = T_DOT;
    p->cur = c;
  } else if (ch == '"') {
    c++;
    const char *s = c;
    while (c < e && *c != '"' && *c != '\n') {
      if (*c == '\\' && c + 1 < e && c[1] != '\n') c++;
      c++;
    }
    if (c >= e || *c != '"') {
      lex_error(p, t->s, 1, "unterminated string");
      t->kind = T_STRING;
      t->s = s;
      t->len = (uint32_t)(c - s);
      p->cur = c;
      return;
    }
    t->kind = T_STRING;
    t->s = s;
    t->len = (uint32_t)(c - s);
    p->cur = c + 1;
    return;
  } else if (is_punct_char(ch)) {
    t->kind = T_PUNCT;
    t->punct = (char)ch;
    p->cur = c + 1;
  } else {
    if (ch >= 0x20 && ch < 0x7f)
      lex_error(p, c, 1, "unexpected character '%c'", ch);
    else
      lex_error(p, c, 1, "unexpected byte 0x%02x", ch);
    p->cur = c + 1;
    goto again;
  }
  t->len = (uint32_t)(p->cur - t->s);
}

typedef struct LexState {
  const char *cur, *line_start;
  uint32_t line;
  Token tok;
} LexState;

static LexState lex_save(Parser *p) {
  return (LexState){p->cur, p->line_start, p->line, p->tok};
}
static void lex_restore(Parser *p, LexState s) {
  p->cur = s.cur;
  p->line_start = s.line_start;
  p->line = s.line;
  p->tok = s.tok;
}

static inline bool is_punct(const Parser *p, char c) {
  return p->tok.kind == T_PUNCT && p->tok.punct == c;
}
static inline bool tok_is(const Token *t, TokKind k, const char *text) {
  size_t n = strlen(text);
  return t->kind == k && t->len == n && memcmp(t->s, text, n) == 0;
}
static bool accept(Parser *p, char c) {
  if (!is_punct(p, c)) return false;
  next(p);
  return true;
}
static void expect(Parser *p, char c) {
  if (!is_punct(p, c)) {
    char what[8] = {'\'', c, '\'', 0};
    error_expected(p, what);
  }
  next(p);
}

/* ======================================================================================
 * Hash tables (idents and mnemonics), open addressing, heap slots freed after parsing.
 * ==================================================================================== */

static void hashtab_grow(HashTab *h) {
  uint32_t ncap = h->cap ? h->cap * 2 : 1024;
  HashSlot *ns = xcalloc(ncap, sizeof(HashSlot));
  for (uint32_t i = 0; i < h->cap; i++) {
    HashSlot e = h->slots[i];
    if (!e.entry) continue;
    uint32_t j = e.hash & (ncap - 1);
    while (ns[j].entry) j = (j + 1) & (ncap - 1);
    ns[j] = e;
  }
  free(h->slots);
  h->slots = ns;
  h->cap = ncap;
}

/* Short keys compare faster inline than through a libc call. */
static inline bool key_eq(const char *a, const char *b, uint32_t n) {
  for (uint32_t i = 0; i < n; i++)
    if (a[i] != b[i]) return false;
  return true;
}

/* The Ident for a spelling with its hash; made on first sight. */
static Ident *ident_get_h(Parser *p, const char *s, uint32_t len, uint32_t hash) {
  HashTab *h = &p->idents;
  if ((h->count + 1) * 2 > h->cap) hashtab_grow(h);
  uint32_t i = hash & (h->cap - 1);
  for (;;) {
    HashSlot *sl = &h->slots[i];
    if (!sl->entry) break;
    if (sl->hash == hash) {
      Ident *id = sl->entry;
      if (id->len == len && key_eq(id->key, s, len)) return id;
    }
    i = (i + 1) & (h->cap - 1);
  }
  Ident *id = ARENA_NEW(&p->scratch, Ident);
  id->name = arena_strndup(p->a, s, len);
  id->key = arena_strndup(&p->scratch, s, len);
  id->len = len;
  id->hash = hash;
  id->sreg = (int16_t)(s[0] == '%' ? ptx_sreg_lookup(s, len) : -1);
  h->slots[i] = (HashSlot){hash, id};
  h->count++;
  return id;
}

static Ident *ident_get(Parser *p, const char *s, uint32_t len) {
  return ident_get_h(p, s, len, ptx_hash(s, len));
}

/* The Ident of the current token, an identifier, with the hash the scanner made. */
static Ident *ident_tok(Parser *p) {
  return ident_get_h(p, p->tok.s, p->tok.len, ptx_hash_finish(p->tok.fnv));
}

/* ---- Scopes ---- */

static void scope_open(Parser *p) {
  vec_push(&p->scope_marks, p->scope_syms.len);
  vec_push(&p->range_marks, p->ranges.len);
}

static void scope_close(Parser *p) {
  p->ranges.len = p->range_marks.len ? p->range_marks.data[--p->range_marks.len] : 0;
  size_t mark = p->scope_marks.len ? p->scope_marks.data[--p->scope_marks.len] : 0;
  while (p->scope_syms.len > mark) {
    Sym *s = p->scope_syms.data[--p->scope_syms.len];
    s->id->local = s->shadowed;
  }
}

static void scope_close_all(Parser *p) {
  while (p->scope_marks.len) scope_close(p);
  p->ranges.len = p->range_marks.len = 0;
  while (p->scope_syms.len) {
    Sym *s = p->scope_syms.data[--p->scope_syms.len];
    s->id->local = s->shadowed;
  }
}

static void bind_local(Parser *p, Ident *id, uint8_t kind, void *obj, SrcLoc loc) {
  /* Redeclaring in the same scope is an error; shadowing an outer one is PTX's rule. */
  size_t mark = p->scope_marks.len ? p->scope_marks.data[p->scope_marks.len - 1] : 0;
  if (id->local) {
    for (size_t i = mark; i < p->scope_syms.len; i++) {
      if (p->scope_syms.data[i] == id->local) {
        report(p, DIAG_ERROR, loc, "'%s' is already declared in this scope", id->name);
        break;
      }
    }
  }
  Sym *s = ARENA_NEW(&p->scratch, Sym);
  s->kind = kind;
  s->obj = obj;
  s->shadowed = id->local;
  s->id = id;
  id->local = s;
  vec_push(&p->scope_syms, s);
}

/* The number a register name adds to a range prefix: the canonical decimal after the
 * first plen bytes, or -1 (leading zeros name a different register: %r01 is not %r1). */
static int64_t range_suffix(const char *s, uint32_t len, uint32_t plen) {
  uint32_t nd = len - plen;
  if (nd == 0 || nd > 9 || (nd > 1 && s[plen] == '0')) return -1;
  uint32_t n = 0;
  for (uint32_t i = plen; i < len; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    n = n * 10 + (uint32_t)(s[i] - '0');
  }
  return n;
}

static RangeBind *range_find(Parser *p, const char *s, uint32_t len, uint32_t *index) {
  uint32_t last = len ? (unsigned char)s[len - 1] : 0;
  if (!p->ranges.len || last < '0' || last > '9') return NULL;
  for (size_t i = p->ranges.len; i-- > 0;) {
    RangeBind *r = &p->ranges.data[i];
    /* Cheap rejections first, since every register operand scans here: the number must
     * start right after the prefix (%rd7 is not in %r<N>), and prefixes differ mostly in
     * their last byte (%r, %f, %p). */
    uint32_t pl = r->plen;
    if (len <= pl || (unsigned)(s[pl] - '0') > 9 || s[pl - 1] != r->prefix[pl - 1] ||
        !key_eq(r->prefix, s, pl - 1))
      continue;
    int64_t n = range_suffix(s, len, r->plen);
    if (n >= r->base && n - r->base < r->count) {
      *index = (uint32_t)(n - r->base);
      return r;
    }
  }
  return NULL;
}

static PtxReg *range_lookup(Parser *p, const char *s, uint32_t len) {
  uint32_t idx;
  RangeBind *r = range_find(p, s, len, &idx);
  return r ? r->regs[idx] : NULL;
}

/* ======================================================================================
 * Mnemonics: "ld.global.nc.v4.f32" -> opcode + modifiers, cached per spelling.
 * ==================================================================================== */

/* Splits the mnemonic at '.' (a "::" stays inside its component), finds the longest
 * leading run of components naming an opcode, and looks up the rest as modifiers. */
static Mnemonic *mnemonic_decode(Parser *p, const char *s, uint32_t len, uint32_t hash, SrcLoc loc) {
  HashTab *h = &p->mnems;
  if ((h->count + 1) * 2 > h->cap) hashtab_grow(h);
  uint32_t slot = hash & (h->cap - 1);
  for (;;) {
    HashSlot *sl = &h->slots[slot];
    if (!sl->entry) break;
    MnemEntry *e = sl->entry;
    if (sl->hash == hash && e->len == len && key_eq(e->key, s, len)) return &e->mn;
    slot = (slot + 1) & (h->cap - 1);
  }
  /* Component boundaries: positions of the dots. */
  uint32_t dots[64], ndots = 0;
  for (uint32_t i = 0; i < len; i++) {
    if (s[i] != '.') continue;
    if (ndots == ARRAY_LEN(dots)) error_at(p, loc, "instruction has too many modifiers");
    dots[ndots++] = i;
  }
  PtxOpcode op = PTX_OP_COUNT;
  uint32_t first_mod = 0;
  for (int k = (int)ndots; k >= 0; k--) {
    uint32_t l = (uint32_t)k == ndots ? len : dots[k];
    if (l > 48) continue;
    op = ptx_opcode_lookup(s, l);
    if (op != PTX_OP_COUNT) {
      first_mod = (uint32_t)k;
      break;
    }
  }
  if (op == PTX_OP_COUNT) {
    uint32_t l = ndots ? dots[0] : len;
    error_at(p, (SrcLoc){loc.line, loc.col, l}, "unknown instruction '%.*s'", (int)l, s);
  }
  Mnemonic mn = {.op = op};
  uint32_t nm = ndots - first_mod;
  mn.mods = nm ? ARENA_ARRAY(p->a, PtxMod, nm) : NULL;
  for (uint32_t k = first_mod; k < ndots; k++) {
    uint32_t b = dots[k], en = k + 1 < ndots ? dots[k + 1] : len;
    PtxMod mod = ptx_mod_lookup(s + b, en - b);
    if (mod == PTX_MOD_NONE) {
      error_at(p, (SrcLoc){loc.line, loc.col + b, en - b}, "unknown modifier '%.*s' on '%s'",
               (int)(en - b), s + b, ptx_opcode_name(op));
    }
    mn.mods[mn.nmods++] = mod;
    /* types[] keeps the first four; the rare fifth (mma's scale type) is in mods. */
    if (ptx_mod_category(mod) == PTX_MODCAT_TYPE && mn.ntypes < 4) mn.types[mn.ntypes++] = mod;
  }
  MnemEntry *e = ARENA_NEW(&p->scratch, MnemEntry);
  e->key = arena_strndup(&p->scratch, s, len);
  e->len = len;
  e->hash = hash;
  e->mn = mn;
  h->slots[slot] = (HashSlot){hash, e};
  h->count++;
  return &e->mn;
}

static void statement_begin(Parser *p) {
  p->fix_mark = p->fn_fixups.len;
  p->mfix_mark = p->mod_fixups.len;
  p->depth = 0;
  p->list_depth = 0;
  p->ptrs.len = 0;
  p->locs.len = 0;
}

/* After an error: the broken statement's pending names may point at operands that lived
 * on the stack of the functions the error unwound, so they go. */
static void statement_abandon(Parser *p) {
  if (p->fn_fixups.len > p->fix_mark) p->fn_fixups.len = p->fix_mark;
  if (p->mod_fixups.len > p->mfix_mark) p->mod_fixups.len = p->mfix_mark;
}

static void depth_enter(Parser *p) {
  if (++p->depth > MAX_DEPTH) error_at(p, tok_loc(&p->tok), "nested too deeply");
}

/* ======================================================================================
 * Constant expressions (immediates, offsets, array sizes, initialisers)
 * ==================================================================================== */

static bool starts_const(const Parser *p) {
  const Token *t = &p->tok;
  return t->kind == T_INT ||
         (t->kind == T_PUNCT && (t->punct == '-' || t->punct == '~' || t->punct == '(' || t->punct == '!'));
}

static int64_t parse_expr_prec(Parser *p, int min_prec);

/* unary: INT | '(' expr ')' | ('-' | '~' | '!') unary */
static int64_t parse_unary(Parser *p) {
  if (p->tok.kind == T_INT) {
    uint64_t v = p->tok.u;
    next(p);
    return (int64_t)v;
  }
  int64_t v;
  depth_enter(p);
  if (accept(p, '-')) v = (int64_t)(0 - (uint64_t)parse_unary(p));
  else if (accept(p, '~')) v = ~parse_unary(p);
  else if (accept(p, '!')) v = !parse_unary(p);
  else if (accept(p, '(')) {
    v = parse_expr_prec(p, 0);
    expect(p, ')');
  } else {
    error_expected(p, "an integer constant");
  }
  p->depth--;
  return v;
}

static int binop_prec(const Parser *p, int *op) {
  if (p->tok.kind != T_PUNCT) return -1;
  char c = p->tok.punct;
  switch (c) {
  case '*': case '/': *op = c; return 6;
  case '+': case '-': *op = c; return 5;
  case '&': *op = c; return 3;
  case '^': *op = c; return 2;
  case '|': *op = c; return 1;
  case '<': case '>': {
    /* Only the shifts << and >>; a lone '<' '>' is not part of an expression. */
    const char *n = p->cur;
    if (n < p->end && *n == c && !p->tok.space_before) {
      *op = c == '<' ? 'L' : 'R';
      return 4;
    }
    return -1;
  }
  default: return -1;
  }
}

/* expr: unary { binop unary }, C precedence for * / + - << >> & ^ | */
static int64_t parse_expr_prec(Parser *p, int min_prec) {
  int64_t lhs = parse_unary(p);
  for (;;) {
    int op = 0;
    int prec = binop_prec(p, &op);
    if (prec < 0 || prec < min_prec) return lhs;
    SrcLoc oploc = tok_loc(&p->tok);
    next(p);
    if (op == 'L' || op == 'R') next(p); /* second char of << >> */
    int64_t rhs = parse_expr_prec(p, prec + 1);
    uint64_t a = (uint64_t)lhs, b = (uint64_t)rhs;
    switch (op) {
    case '*': lhs = (int64_t)(a * b); break;
    case '/':
      if (rhs == 0) error_at(p, oploc, "division by zero in a constant expression");
      lhs = (rhs == -1) ? (int64_t)(0 - a) : lhs / rhs;
      break;
    case '+': lhs = (int64_t)(a + b); break;
    case '-': lhs = (int64_t)(a - b); break;
    case 'L': lhs = b >= 64 ? 0 : (int64_t)(a << b); break;
    case 'R': lhs = b >= 64 ? (lhs < 0 ? -1 : 0) : lhs >> b; break;
    case '&': lhs = (int64_t)(a & b); break;
    case '^': lhs = (int64_t)(a ^ b); break;
    case '|': lhs = (int64_t)(a | b); break;
    }
  }
}

static int64_t parse_const(Parser *p) {
  return parse_expr_prec(p, 0);
}

static uint32_t parse_u32(Parser *p, const char *what) {
  SrcLoc loc = tok_loc(&p->tok);
  if (!starts_const(p)) error_expected(p, what);
  int64_t v = parse_const(p);
  if (v < 0 || v > (int64_t)UINT32_MAX) error_at(p, loc, "%s out of range", what);
  return (uint32_t)v;
}

/* ======================================================================================
 * Operands
 * ==================================================================================== */

static void add_fixup(Parser *p, FixKind kind, void *slot, Ident *id, SrcLoc loc, bool fn_level) {
  Fixup f = {kind, p->cur_block, slot, id, loc};
  if (fn_level)
    vec_push(&p->fn_fixups, f);
  else
    vec_push(&p->mod_fixups, f);
}

/* An operand with a pending name was copied from `from` to `to` (n of them): the fixups
 * made during this statement follow it. */
static void move_fixups(Parser *p, const PtxOperand *from, PtxOperand *to, size_t n) {
  uintptr_t lo = (uintptr_t)from, hi = (uintptr_t)(from + n);
  for (size_t i = p->fix_mark; i < p->fn_fixups.len; i++) {
    uintptr_t s = (uintptr_t)p->fn_fixups.data[i].slot;
    if (p->fn_fixups.data[i].kind == FIX_OPERAND && s >= lo && s < hi)
      p->fn_fixups.data[i].slot = (char *)to + (s - lo);
  }
  for (size_t i = p->mfix_mark; i < p->mod_fixups.len; i++) {
    uintptr_t s = (uintptr_t)p->mod_fixups.data[i].slot;
    if (p->mod_fixups.data[i].kind == FIX_OPERAND && s >= lo && s < hi)
      p->mod_fixups.data[i].slot = (char *)to + (s - lo);
  }
}

static int component_of(const char *s, uint32_t len) {
  if (len != 2) return -1;
  switch (s[1]) {
  case 'x': case 'r': return 0;
  case 'y': case 'g': return 1;
  case 'z': case 'b': return 2;
  case 'w': case 'a': return 3;
  default: return -1;
  }
}

/* Video selectors .b0-.b3 .h0 .h1 and the SIMD forms (.b3210, .h10 ...). */
static bool is_selector(const char *s, uint32_t len) {
  if (len < 3 || (s[1] != 'b' && s[1] != 'h')) return false;
  for (uint32_t i = 2; i < len; i++)
    if (s[i] < '0' || s[i] > '7') return false;
  return true;
}

/* Optional .x/.y/.z/.w (or .r .g .b .a) component, or a video selector, written right
 * after a register. */
static void parse_component(Parser *p, PtxOperand *o) {
  if (p->tok.kind != T_DOT || p->tok.space_before) return;
  int c = component_of(p->tok.s, p->tok.len);
  if (c >= 0) {
    o->component = (int8_t)c;
  } else if (o->kind == PTX_OPND_REG && is_selector(p->tok.s, p->tok.len)) {
    o->sel = arena_strndup(p->a, p->tok.s, p->tok.len);
  } else {
    error_at(p, tok_loc(&p->tok), "unknown component '%.*s'", (int)p->tok.len, p->tok.s);
  }
  next(p);
}

/* A name in an operand: a register or local variable in scope, a special register, or a
 * label/global/function resolved later. */
static void parse_name_operand(Parser *p, PtxOperand *o) {
  o->loc = tok_loc(&p->tok);
  PtxReg *rr = range_lookup(p, p->tok.s, p->tok.len);
  if (rr) {
    next(p);
    o->kind = PTX_OPND_REG;
    o->reg = rr;
    parse_component(p, o);
    return;
  }
  Ident *id = ident_tok(p);
  next(p);
  if (id->local) {
    if (id->local->kind == SYM_REG) {
      o->kind = PTX_OPND_REG;
      o->reg = id->local->obj;
      parse_component(p, o);
    } else {
      o->kind = PTX_OPND_VAR;
      o->var = id->local->obj;
    }
    return;
  }
  if (id->sreg >= 0) {
    o->kind = PTX_OPND_SREG;
    o->sreg = (PtxSreg)id->sreg;
    parse_component(p, o);
    return;
  }
  if (id->name[0] == '%' && p->fn)
    error_at(p, o->loc, "undeclared register '%s'", id->name);
  if (id->len == 7 && !memcmp(id->name, "WARP_SZ", 7) && !id->global) {
    /* PTX's one predefined constant (PTX ISA 4.7), read as the immediate it stands for */
    o->kind = PTX_OPND_IMM_INT;
    o->imm.u = 32;
    return;
  }
  /* Labels, globals and functions: patched at the end of the function or module. */
  o->kind = PTX_OPND_LABEL;
  o->label = NULL;
  add_fixup(p, FIX_OPERAND, o, id, o->loc, p->fn != NULL);
}

static void parse_operand(Parser *p, PtxOperand *o);

/* Elements between braces or parentheses, up to `close`; returns an arena copy. */
static PtxOperand *parse_operand_list(Parser *p, char close, uint32_t *count) {
  PtxOperand buf[MAX_LIST];
  size_t n = 0;
  /* Valid PTX nests at most a vector inside a texture operand; the element buffer is
   * large, so deeper nesting is refused before it can exhaust a thread's stack. */
  if (++p->list_depth > 3) error_at(p, tok_loc(&p->tok), "lists nested too deeply");
  depth_enter(p);
  if (!is_punct(p, close)) {
    do {
      if (n == MAX_LIST) error_at(p, tok_loc(&p->tok), "more than %d elements in a list", MAX_LIST);
      parse_operand(p, &buf[n++]);
    } while (accept(p, ','));
  }
  char what[8] = {'\'', close, '\'', 0};
  if (!is_punct(p, close)) error_expected(p, what);
  next(p);
  p->depth--;
  p->list_depth--;
  PtxOperand *elems = n ? arena_memdup(p->a, buf, n * sizeof(PtxOperand)) : NULL;
  move_fixups(p, buf, elems, n);
  *count = (uint32_t)n;
  return elems;
}

/* address: '[' (reg | var | const) [('+'|'-') const] ']'
 *        | '[' name ',' operand {',' operand} ']'      (texture / surface) */
static void parse_address(Parser *p, PtxOperand *o) {
  o->loc = tok_loc(&p->tok);
  next(p); /* '[' */
  PtxOperand *base = NULL;
  int64_t off = 0;
  if (p->tok.kind == T_IDENT) {
    base = ARENA_NEW(p->a, PtxOperand);
    base->component = -1;
    parse_name_operand(p, base);
    if (base->kind == PTX_OPND_SREG) error_at(p, base->loc, "a special register cannot be an address");
    if (is_punct(p, ',')) {
      /* [tex, {coords}] and friends */
      PtxOperand buf[8];
      size_t n = 1;
      buf[0] = *base;
      move_fixups(p, base, &buf[0], 1);
      depth_enter(p);
      while (accept(p, ',')) {
        if (n == ARRAY_LEN(buf)) error_at(p, tok_loc(&p->tok), "too many texture operand parts");
        parse_operand(p, &buf[n++]);
      }
      expect(p, ']');
      p->depth--;
      o->kind = PTX_OPND_TEX;
      o->list.elems = arena_memdup(p->a, buf, n * sizeof(PtxOperand));
      o->list.count = (uint32_t)n;
      move_fixups(p, buf, o->list.elems, n);
      return;
    }
    if (is_punct(p, '+')) {
      next(p);
      off = parse_const(p);
    } else if (is_punct(p, '-')) {
      next(p);
      off = (int64_t)(0 - (uint64_t)parse_const(p));
    }
  } else if (starts_const(p)) {
    off = parse_const(p);
  } else {
    error_expected(p, "an address");
  }
  expect(p, ']');
  o->kind = PTX_OPND_ADDR;
  o->addr.base = base;
  o->addr.offset = off;
}

/* operand: ['!'] name [component] ['|' operand] | '_' | const | float | '{' list '}'
 *        | '[' address ']' */
static void parse_operand(Parser *p, PtxOperand *o) {
  memset(o, 0, sizeof *o);
  o->component = -1;
  o->loc = tok_loc(&p->tok);
  Token *t = &p->tok;
  switch (t->kind) {
  case T_IDENT:
    if (t->len == 1 && t->s[0] == '_') {
      o->kind = PTX_OPND_SINK;
      next(p);
      break;
    }
    parse_name_operand(p, o);
    /* sym+imm: an address plus a constant (not inside [...], where the address takes it) */
    if ((o->kind == PTX_OPND_VAR || (o->kind == PTX_OPND_LABEL && !o->label)) &&
        (is_punct(p, '+') || is_punct(p, '-'))) {
      bool minus = is_punct(p, '-');
      next(p);
      int64_t v = parse_const(p);
      o->sym_offset = minus ? (int64_t)(0 - (uint64_t)v) : v;
    }
    break;
  case T_F32:
    o->kind = PTX_OPND_IMM_F32;
    o->imm.u = 0;
    o->imm.f32_bits = (uint32_t)t->u;
    next(p);
    break;
  case T_F64:
    o->kind = PTX_OPND_IMM_F64;
    o->imm.f64_bits = t->u;
    next(p);
    break;
  case T_FLOAT:
    o->kind = PTX_OPND_IMM_F64;
    o->imm.f64 = t->f;
    o->neg = true; /* marks a decimal spelling until the instruction's type is known */
    next(p);
    break;
  case T_INT:
    o->kind = PTX_OPND_IMM_INT;
    o->imm.i = parse_const(p);
    break;
  case T_PUNCT:
    if (t->punct == '!') {
      LexState s = lex_save(p);
      next(p);
      if (p->tok.kind == T_IDENT) {
        parse_name_operand(p, o);
        if (o->kind != PTX_OPND_REG) error_at(p, o->loc, "'!' applies to a predicate register");
        o->neg = true;
        break;
      }
      lex_restore(p, s);
      o->kind = PTX_OPND_IMM_INT;
      o->imm.i = parse_const(p);
      break;
    }
    if (t->punct == '-') {
      LexState s = lex_save(p);
      next(p);
      if (p->tok.kind == T_F32) {
        o->kind = PTX_OPND_IMM_F32;
        o->imm.f32_bits = (uint32_t)p->tok.u ^ 0x80000000u;
        next(p);
        break;
      }
      if (p->tok.kind == T_F64) {
        o->kind = PTX_OPND_IMM_F64;
        o->imm.f64_bits = p->tok.u ^ 0x8000000000000000ull;
        next(p);
        break;
      }
      if (p->tok.kind == T_FLOAT) {
        o->kind = PTX_OPND_IMM_F64;
        o->imm.f64 = -p->tok.f;
        o->neg = true;
        next(p);
        break;
      }
      lex_restore(p, s);
    }
    if (starts_const(p)) {
      o->kind = PTX_OPND_IMM_INT;
      o->imm.i = parse_const(p);
      break;
    }
    if (t->punct == '{') {
      next(p);
      o->kind = PTX_OPND_VEC;
      o->list.elems = parse_operand_list(p, '}', &o->list.count);
      break;
    }
    if (t->punct == '[') {
      parse_address(p, o);
      break;
    }
    error_expected(p, "an operand");
  default: error_expected(p, "an operand");
  }
  if (is_punct(p, '|') && (o->kind == PTX_OPND_REG || o->kind == PTX_OPND_SINK || o->kind == PTX_OPND_VEC)) {
    next(p);
    PtxOperand *pair = ARENA_ARRAY(p->a, PtxOperand, 2);
    pair[0] = *o;
    move_fixups(p, o, &pair[0], 1);
    depth_enter(p);
    parse_operand(p, &pair[1]);
    p->depth--;
    memset(o, 0, sizeof *o);
    o->kind = PTX_OPND_PAIR;
    o->component = -1;
    o->loc = pair[0].loc;
    o->list.elems = pair;
    o->list.count = 2;
  }
}

/* ======================================================================================
 * Declarations: registers and variables
 * ==================================================================================== */

static PtxType parse_type_tok(Parser *p, const Token *t) {
  PtxMod m = ptx_mod_lookup(t->s, t->len);
  if (m == PTX_MOD_NONE || ptx_mod_category(m) != PTX_MODCAT_TYPE) return PTX_MOD_NONE;
  return m;
}

static PtxReg *new_reg(Parser *p, Ident *id, PtxType type, uint8_t vec, SrcLoc loc) {
  PtxReg *r = ARENA_NEW(p->a, PtxReg);
  r->name = id->name;
  r->type = type;
  r->vec = vec;
  r->id = (uint32_t)p->regs.len;
  r->loc = loc;
  vec_push(&p->regs, r);
  bind_local(p, id, SYM_REG, r, loc);
  return r;
}

static void push_stmt(Parser *p, PtxStmt st) {
  vec_push(&p->body, st);
}

/* reg-decl: '.reg' ['.v2'|'.v4'|'.v8'] type name ['<' N '>'] {',' name ['<' N '>']} ';' */
static void parse_reg_decl(Parser *p) {
  SrcLoc loc = tok_loc(&p->tok);
  next(p); /* .reg */
  uint8_t vec = 0;
  PtxType type = PTX_MOD_NONE;
  while (p->tok.kind == T_DOT) {
    if (tok_is(&p->tok, T_DOT, ".v2")) vec = 2;
    else if (tok_is(&p->tok, T_DOT, ".v4")) vec = 4;
    else if (tok_is(&p->tok, T_DOT, ".v8")) vec = 8;
    else if (tok_is(&p->tok, T_DOT, ".align")) { next(p); parse_u32(p, "alignment"); continue; }
    else if ((type = parse_type_tok(p, &p->tok)) == PTX_MOD_NONE)
      error_at(p, tok_loc(&p->tok), "expected a register type, found '%.*s'", (int)p->tok.len, p->tok.s);
    next(p);
  }
  if (type == PTX_MOD_NONE) error_expected(p, "a register type");
  do {
    if (p->tok.kind != T_IDENT) error_expected(p, "a register name");
    Token nt = p->tok;
    SrcLoc nloc = tok_loc(&nt);
    next(p);
    PtxRegDecl *d = ARENA_NEW(p->a, PtxRegDecl);
    d->type = type;
    d->vec = vec;
    if (is_punct(p, '<') && !p->tok.space_before) {
      next(p);
      uint32_t n = parse_u32(p, "register count");
      expect(p, '>');
      if (n > MAX_REG_RANGE) error_at(p, nloc, "register range %%<%u> is too large", n);
      p->module_regs += n;
      if (p->module_regs > MAX_MODULE_REGS) {
        /* a resource limit, not a syntax error: going on would only repeat it */
        p->stop = true;
        error_at(p, nloc, "more than %u registers declared in one module", MAX_MODULE_REGS);
      }
      d->prefix = arena_strndup(p->a, nt.s, nt.len);
      d->count = n;
      d->regs = n ? ARENA_ARRAY(p->a, PtxReg *, n) : NULL;
      d->nregs = n;
      size_t mark = p->range_marks.len ? p->range_marks.data[p->range_marks.len - 1] : 0;
      for (size_t i = mark; i < p->ranges.len; i++) {
        RangeBind *r = &p->ranges.data[i];
        if (r->plen == nt.len && !memcmp(r->prefix, nt.s, nt.len) && r->count > 1)
          error_at(p, nloc, "registers '%s<...>' are already declared in this scope", d->prefix);
      }
      /* Names: one arena block, "%r0\0%r1\0..." */
      PtxReg *objs = n ? ARENA_ARRAY(p->a, PtxReg, n) : NULL;
      char *names = n ? arena_alloc(p->a, (size_t)n * (nt.len + 8), 1) : NULL;
      for (uint32_t i = 0; i < n; i++) {
        char digits[12];
        int k = 0;
        uint32_t v = i;
        do digits[k++] = (char)('0' + v % 10); while ((v /= 10));
        memcpy(names, nt.s, nt.len);
        for (int j = 0; j < k; j++) names[nt.len + (uint32_t)j] = digits[k - 1 - j];
        names[nt.len + (uint32_t)k] = 0;
        PtxReg *r = &objs[i];
        r->name = names;
        r->type = type;
        r->vec = vec;
        r->id = (uint32_t)p->regs.len;
        r->loc = nloc;
        vec_push(&p->regs, r);
        d->regs[i] = r;
        names += nt.len + (uint32_t)k + 1;
      }
      if (n) vec_push(&p->ranges, ((RangeBind){d->prefix, nt.len, 0, n, d->regs}));
    } else {
      Ident *id = ident_get(p, nt.s, nt.len);
      d->prefix = id->name;
      d->count = 0;
      d->regs = ARENA_ARRAY(p->a, PtxReg *, 1);
      d->nregs = 1;
      d->regs[0] = new_reg(p, id, type, vec, nloc);
      uint32_t idx;
      RangeBind *hidden = range_find(p, nt.s, nt.len, &idx);
      if (hidden) {
        /* %r5 declared alone in an inner block hides the range's %r5 */
        RangeBind one = {hidden->prefix, hidden->plen, hidden->base + idx, 1, d->regs};
        vec_push(&p->ranges, one);
      }
    }
    push_stmt(p, (PtxStmt){.kind = PTX_STMT_REG_DECL, .loc = loc, .regdecl = d});
  } while (accept(p, ','));
  expect(p, ';');
}

static PtxSpace space_of_directive(const Token *t, bool *ok) {
  *ok = true;
  if (tok_is(t, T_DOT, ".global")) return PTX_SPACE_GLOBAL;
  if (tok_is(t, T_DOT, ".shared")) return PTX_SPACE_SHARED;
  if (tok_is(t, T_DOT, ".local")) return PTX_SPACE_LOCAL;
  if (tok_is(t, T_DOT, ".const")) return PTX_SPACE_CONST;
  if (tok_is(t, T_DOT, ".param")) return PTX_SPACE_PARAM;
  if (tok_is(t, T_DOT, ".tex")) return PTX_SPACE_TEX;
  if (tok_is(t, T_DOT, ".reg")) return PTX_SPACE_REG;
  *ok = false;
  return PTX_SPACE_GENERIC;
}

static PtxSpace ptr_space_of(const Token *t) {
  if (tok_is(t, T_DOT, ".global")) return PTX_SPACE_GLOBAL;
  if (tok_is(t, T_DOT, ".shared")) return PTX_SPACE_SHARED;
  if (tok_is(t, T_DOT, ".local")) return PTX_SPACE_LOCAL;
  if (tok_is(t, T_DOT, ".const")) return PTX_SPACE_CONST;
  return PTX_SPACE_GENERIC;
}

static bool is_pow2(uint32_t v) { return v && !(v & (v - 1)); }

/* Copies the balanced text of a {...} or (...) group, the brackets included. */
static const char *capture_group(Parser *p, char open, char close) {
  const char *start = p->tok.s;
  int depth = 0;
  for (;;) {
    if (p->tok.kind == T_EOF) error_expected(p, "a closing bracket");
    if (is_punct(p, open)) depth++;
    if (is_punct(p, close) && --depth == 0) break;
    next(p);
  }
  const char *end = p->tok.s + 1;
  next(p);
  return arena_strndup(p->a, start, (size_t)(end - start));
}

static PtxInit *parse_init(Parser *p, PtxVar *v, uint32_t depth);

/* init-scalar: const | float | name ['+' const] | 'generic' '(' name ')' ['+' const]
 *            | const '(' name ['+' const] ')'   (byte mask of an address) */
static void parse_init_scalar(Parser *p, PtxVar *v, PtxInit *in) {
  in->loc = tok_loc(&p->tok);
  Token *t = &p->tok;
  bool vf = ptx_type_is_float(v->type);
  unsigned bits = ptx_type_bits(v->type);
  if (t->kind == T_F32 || t->kind == T_F64 || t->kind == T_FLOAT ||
      (is_punct(p, '-') && p->cur < p->end && p->cur[0] >= '0' && p->cur[0] <= '9')) {
    bool neg = false;
    LexState s = lex_save(p);
    if (accept(p, '-')) neg = true;
    if (t->kind == T_F32 || t->kind == T_F64 || t->kind == T_FLOAT) {
      in->kind = PTX_INIT_FLOAT;
      double d;
      if (t->kind == T_F32) {
        uint32_t b = (uint32_t)t->u ^ (neg ? 0x80000000u : 0);
        float f;
        memcpy(&f, &b, 4);
        d = f;
        if (bits == 32) { in->u = b; next(p); return; }
      } else if (t->kind == T_F64) {
        uint64_t b = t->u ^ (neg ? 0x8000000000000000ull : 0);
        memcpy(&d, &b, 8);
        if (bits == 64) { in->u = b; next(p); return; }
      } else {
        d = neg ? -t->f : t->f;
      }
      if (!vf) error_at(p, in->loc, "float initialiser for a %s variable", ptx_mod_text(v->type));
      if (bits == 64) {
        memcpy(&in->u, &d, 8);
      } else if (bits == 32) {
        float f = (float)d;
        uint32_t b;
        memcpy(&b, &f, 4);
        in->u = b;
      } else {
        error_at(p, in->loc, "no initial value is allowed for %s variables", ptx_mod_text(v->type));
      }
      next(p);
      return;
    }
    lex_restore(p, s);
  }
  if (t->kind == T_IDENT) {
    if (tok_is(t, T_IDENT, "generic")) {
      next(p);
      expect(p, '(');
      in->kind = PTX_INIT_GENERIC;
    } else {
      in->kind = PTX_INIT_SYM;
    }
    if (p->tok.kind != T_IDENT) error_expected(p, "a symbol");
    Ident *id = ident_tok(p);
    add_fixup(p, FIX_INIT, in, id, tok_loc(&p->tok), false);
    next(p);
    if (in->kind == PTX_INIT_GENERIC) expect(p, ')');
    if (accept(p, '+')) in->offset = parse_const(p);
    else if (accept(p, '-')) in->offset = -parse_const(p);
    return;
  }
  if (!starts_const(p)) error_expected(p, "an initialiser");
  int64_t val = parse_const(p);
  if (is_punct(p, '(')) {
    /* 0xFF00(sym+off): one byte of an address, for .b8 arrays holding pointers */
    uint64_t mask = (uint64_t)val;
    if (!mask || mask % 0xFF != 0) error_at(p, in->loc, "bad address mask");
    unsigned byte = 0;
    while (!(mask & 0xFF)) { mask >>= 8; byte++; }
    if (mask != 0xFF) error_at(p, in->loc, "bad address mask");
    next(p);
    in->kind = PTX_INIT_MASK;
    in->mask_byte = byte;
    if (p->tok.kind != T_IDENT) error_expected(p, "a symbol");
    bool generic = false;
    if (tok_is(&p->tok, T_IDENT, "generic")) {
      next(p);
      expect(p, '(');
      generic = true;
    }
    if (p->tok.kind != T_IDENT) error_expected(p, "a symbol");
    Ident *id = ident_tok(p);
    add_fixup(p, FIX_INIT, in, id, tok_loc(&p->tok), false);
    next(p);
    if (generic) {
      expect(p, ')');
      in->u = 1; /* generic address */
    }
    if (accept(p, '+')) in->offset = parse_const(p);
    else if (accept(p, '-')) in->offset = -parse_const(p);
    expect(p, ')');
    return;
  }
  in->kind = vf ? PTX_INIT_FLOAT : PTX_INIT_INT;
  if (vf) {
    /* An integer written for a float variable is its value, not its bits. */
    double d = (double)val;
    if (bits == 64) memcpy(&in->u, &d, 8);
    else if (bits == 32) { float f = (float)val; uint32_t b; memcpy(&b, &f, 4); in->u = b; }
    else in->u = (uint64_t)val, in->kind = PTX_INIT_INT;
  } else {
    in->u = (uint64_t)val;
  }
}

/* init: '{' [init {',' init}] '}' | init-scalar */
static PtxInit *parse_init(Parser *p, PtxVar *v, uint32_t depth) {
  PtxInit *in = ARENA_NEW(p->a, PtxInit);
  if (depth > 16) error_at(p, tok_loc(&p->tok), "initialiser nested too deeply");
  if (is_punct(p, '{')) {
    in->kind = PTX_INIT_LIST;
    in->loc = tok_loc(&p->tok);
    next(p);
    size_t mark = p->ptrs.len;
    if (!is_punct(p, '}')) {
      do {
        PtxInit *el = parse_init(p, v, depth + 1);
        vec_push(&p->ptrs, el);
      } while (accept(p, ','));
    }
    expect(p, '}');
    size_t n = p->ptrs.len - mark;
    in->count = (uint32_t)n;
    in->elems = ARENA_ARRAY(p->a, PtxInit, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
      PtxInit *el = p->ptrs.data[mark + i];
      in->elems[i] = *el;
      /* A symbol's fixup was registered against the element's first home: move it. */
      if (el->kind == PTX_INIT_SYM || el->kind == PTX_INIT_GENERIC || el->kind == PTX_INIT_MASK) {
        for (size_t k = p->mod_fixups.len; k-- > p->mfix_mark;)
          if (p->mod_fixups.data[k].slot == el) p->mod_fixups.data[k].slot = &in->elems[i];
      }
    }
    p->ptrs.len = mark;
    return in;
  }
  parse_init_scalar(p, v, in);
  return in;
}

/* Number of scalar leaves an initialiser list describes at its top level. */
static uint64_t init_leaves(const PtxInit *in) {
  if (in->kind != PTX_INIT_LIST) return 1;
  uint64_t n = 0;
  for (uint32_t i = 0; i < in->count; i++) n += init_leaves(&in->elems[i]);
  return n;
}

static void var_finish_size(Parser *p, PtxVar *v) {
  if (v->ndims && v->dims[0] == 0 && v->init && v->init->kind == PTX_INIT_LIST) {
    uint64_t inner = 1;
    for (uint32_t i = 1; i < v->ndims; i++) inner *= v->dims[i] ? v->dims[i] : 1;
    uint64_t leaves = init_leaves(v->init);
    uint32_t outer = v->init->count;
    if (v->ndims == 1 || inner == 0) outer = (uint32_t)leaves;
    else if (leaves > (uint64_t)outer * inner || v->init->elems[0].kind != PTX_INIT_LIST)
      outer = (uint32_t)((leaves + inner - 1) / inner);
    v->dims[0] = outer;
  }
  uint64_t size = ptx_var_size(v);
  v->size = size;
  if (size > (1ull << 40)) error_at(p, v->loc, "variable '%s' is too large", v->name);
}

/* var-decl: space [.const bank] { .align N | .vN | type | .ptr [space] [.align N]
 *           | .attribute(...) } name {'[' [N] ']'} ['=' init] {',' name ...} ';'
 * `params` set: one declaration, no ';' (a parameter list element). Returns the last var. */
static PtxVar *parse_var_decl(Parser *p, PtxSpace space, PtxLinkage link, bool param_elem) {
  SrcLoc loc = tok_loc(&p->tok);
  next(p); /* the space directive */
  PtxVar proto = {.space = space, .linkage = link, .owner = p->fn, .loc = loc};
  if (space == PTX_SPACE_CONST && is_punct(p, '[') && !p->tok.space_before) {
    next(p);
    proto.has_bank = true;
    proto.bank = parse_u32(p, "constant bank");
    expect(p, ']');
  }
  for (;;) {
    Token *t = &p->tok;
    if (t->kind != T_DOT) break;
    if (tok_is(t, T_DOT, ".align")) {
      next(p);
      SrcLoc al = tok_loc(&p->tok);
      proto.align = parse_u32(p, "alignment");
      if (!is_pow2(proto.align)) error_at(p, al, "alignment %u is not a power of two", proto.align);
      continue;
    }
    if (tok_is(t, T_DOT, ".v2") || tok_is(t, T_DOT, ".v4") || tok_is(t, T_DOT, ".v8")) {
      proto.vec = (uint8_t)(t->s[2] - '0');
      next(p);
      continue;
    }
    if (tok_is(t, T_DOT, ".ptr")) {
      proto.is_param_ptr = true;
      next(p);
      if (p->tok.kind == T_DOT && ptr_space_of(&p->tok) != PTX_SPACE_GENERIC) {
        proto.ptr_space = ptr_space_of(&p->tok);
        next(p);
      }
      if (tok_is(&p->tok, T_DOT, ".align")) {
        next(p);
        proto.ptr_align = parse_u32(p, "alignment");
      }
      continue;
    }
    if (tok_is(t, T_DOT, ".attribute")) {
      next(p);
      if (!is_punct(p, '(')) error_expected(p, "'('");
      const char *txt = capture_group(p, '(', ')');
      proto.attribute = txt;
      if (strstr(txt, ".managed")) proto.managed = true;
      continue;
    }
    if (tok_is(t, T_DOT, ".texref") || tok_is(t, T_DOT, ".surfref") || tok_is(t, T_DOT, ".samplerref")) {
      proto.opaque = arena_strndup(p->a, t->s, t->len);
      next(p);
      continue;
    }
    PtxType ty = parse_type_tok(p, t);
    if (ty == PTX_MOD_NONE)
      error_at(p, tok_loc(t), "unexpected '%.*s' in a declaration", (int)t->len, t->s);
    if (proto.type != PTX_MOD_NONE) error_at(p, tok_loc(t), "declaration has two types");
    proto.type = ty;
    next(p);
  }
  if (proto.type == PTX_MOD_NONE && !proto.opaque) error_expected(p, "a type");
  PtxVar *last = NULL;
  do {
    if (p->tok.kind != T_IDENT) error_expected(p, "a name");
    PtxVar *v = ARENA_NEW(p->a, PtxVar);
    *v = proto;
    Ident *id = ident_tok(p);
    v->name = id->name;
    v->loc = tok_loc(&p->tok);
    next(p);
    uint32_t dims[8], nd = 0;
    while (is_punct(p, '[')) {
      next(p);
      if (nd == ARRAY_LEN(dims)) error_at(p, v->loc, "too many array dimensions");
      dims[nd++] = is_punct(p, ']') ? 0 : parse_u32(p, "array size");
      expect(p, ']');
    }
    if (is_punct(p, '<')) error_at(p, tok_loc(&p->tok), "'<N>' ranges are for .reg declarations");
    if (nd) {
      v->ndims = nd;
      v->dims = arena_memdup(p->a, dims, nd * sizeof(uint32_t));
    }
    if (accept(p, '=')) {
      if (proto.opaque) {
        if (!is_punct(p, '{')) error_expected(p, "'{'");
        v->opaque_init = capture_group(p, '{', '}');
      } else {
        v->init = parse_init(p, v, 0);
      }
    }
    var_finish_size(p, v);
    if (space == PTX_SPACE_REG && p->fn && !p->in_prototype) {
      /* A .reg parameter is a register inside the body. */
      v->reg = new_reg(p, id, v->type, v->vec, v->loc);
    } else if (p->fn || param_elem) {
      if (param_elem && (!p->fn || p->in_prototype)) {
        /* Parameters of a function declaration bind nowhere. */
      } else {
        bind_local(p, id, SYM_VAR, v, v->loc);
      }
    } else {
      id->global = v;
      id->gkind = G_VAR;
    }
    last = v;
    if (p->fn && !param_elem) {
      vec_push(&p->locals, v);
      push_stmt(p, (PtxStmt){.kind = PTX_STMT_VAR_DECL, .loc = loc, .var = v});
    } else if (!p->fn && !param_elem) {
      vec_push(&p->globals, v);
      vec_push(&p->items, ((PtxItem){.kind = PTX_ITEM_VAR, .loc = loc, .var = v}));
    }
    if (param_elem) break;
  } while (accept(p, ','));
  if (!param_elem) expect(p, ';');
  return last;
}

/* ======================================================================================
 * Instructions and body statements
 * ==================================================================================== */

/* The mnemonic is scanned as one word: identifier characters, dots and "::". */
static const Mnemonic *parse_mnemonic(Parser *p, SrcLoc *loc) {
  const char *s = p->tok.s, *c = p->tok.s + p->tok.len, *e = p->end;
  uint32_t h = p->tok.fnv;
  for (;;) {
    if (c < e && is_ident_char((unsigned char)*c)) {
      h = ptx_hash_step(h, (unsigned char)*c++);
      continue;
    }
    if (c + 1 < e && *c == '.' && is_ident_char((unsigned char)c[1])) {
      h = ptx_hash_step(h, '.');
      c++;
      continue;
    }
    if (c + 2 < e && c[0] == ':' && c[1] == ':' && is_ident_char((unsigned char)c[2])) {
      h = ptx_hash_step(ptx_hash_step(h, ':'), ':');
      c += 2;
      continue;
    }
    break;
  }
  uint32_t len = (uint32_t)(c - s);
  *loc = (SrcLoc){p->tok.line, p->tok.col, len};
  p->cur = c;
  const Mnemonic *mn = mnemonic_decode(p, s, len, ptx_hash_finish(h), *loc);
  next(p);
  return mn;
}

/* call: 'call' mods [ '(' rets ')' ',' ] target [ ',' '(' args ')' ] [ ',' proto ] ';' */
static void parse_call_operands(Parser *p, PtxInstr *ins) {
  PtxOperand ops[4];
  uint32_t n = 0;
  if (is_punct(p, '(')) {
    memset(&ops[n], 0, sizeof ops[n]);
    ops[n].kind = PTX_OPND_LIST;
    ops[n].component = -1;
    ops[n].loc = tok_loc(&p->tok);
    next(p);
    ops[n].list.elems = parse_operand_list(p, ')', &ops[n].list.count);
    n++;
    expect(p, ',');
  }
  if (p->tok.kind != T_IDENT) error_expected(p, "a call target");
  PtxOperand *target = &ops[n++];
  memset(target, 0, sizeof *target);
  target->component = -1;
  target->loc = tok_loc(&p->tok);
  PtxReg *rr = range_lookup(p, p->tok.s, p->tok.len);
  Ident *id = rr ? NULL : ident_tok(p);
  next(p);
  if (rr || (id->local && id->local->kind == SYM_REG)) {
    target->kind = PTX_OPND_REG;
    target->reg = rr ? rr : id->local->obj;
  } else {
    target->kind = PTX_OPND_FUNC;
    add_fixup(p, FIX_OPERAND, target, id, target->loc, true);
  }
  while (accept(p, ',')) {
    if (n == ARRAY_LEN(ops)) error_at(p, tok_loc(&p->tok), "too many call operands");
    PtxOperand *o = &ops[n++];
    memset(o, 0, sizeof *o);
    o->component = -1;
    o->loc = tok_loc(&p->tok);
    if (is_punct(p, '(')) {
      o->kind = PTX_OPND_LIST;
      next(p);
      o->list.elems = parse_operand_list(p, ')', &o->list.count);
    } else if (p->tok.kind == T_IDENT) {
      /* a prototype label, or a jump table of targets */
      Ident *pid = ident_tok(p);
      o->kind = PTX_OPND_LABEL;
      add_fixup(p, FIX_OPERAND, o, pid, o->loc, true);
      next(p);
    } else {
      error_expected(p, "call arguments or a prototype");
    }
  }
  ins->noperands = n;
  ins->operands = arena_memdup(p->a, ops, n * sizeof(PtxOperand));
  move_fixups(p, ops, ins->operands, n);
}

/* Decimal floats take the instruction's float type: f32 ops get an f32 immediate. */
static void settle_decimal_floats(PtxInstr *ins, PtxOperand *o) {
  if (o->kind == PTX_OPND_VEC || o->kind == PTX_OPND_PAIR || o->kind == PTX_OPND_TEX ||
      o->kind == PTX_OPND_LIST) {
    for (uint32_t i = 0; i < o->list.count; i++) settle_decimal_floats(ins, &o->list.elems[i]);
    return;
  }
  if (o->kind != PTX_OPND_IMM_F64 || !o->neg) return;
  o->neg = false;
  bool f32 = false;
  for (unsigned i = 0; i < ins->ntypes; i++) {
    if (ins->types[i] == PTX_MOD_F64) { f32 = false; break; }
    if (ins->types[i] == PTX_MOD_F32 || ins->types[i] == PTX_MOD_F16 || ins->types[i] == PTX_MOD_BF16 ||
        ins->types[i] == PTX_MOD_F16X2 || ins->types[i] == PTX_MOD_BF16X2)
      f32 = true;
  }
  if (f32) {
    float f = (float)o->imm.f64;
    o->kind = PTX_OPND_IMM_F32;
    o->imm.u = 0;
    o->imm.f32 = f;
  }
}

/* instruction: ['@' ['!'] pred] mnemonic [operand {',' operand}] ';' */
static void parse_instruction(Parser *p, PtxOperand *guard) {
  SrcLoc loc;
  const Mnemonic *mn = parse_mnemonic(p, &loc);
  PtxInstr *ins = ARENA_NEW(p->a, PtxInstr);
  ins->op = mn->op;
  ins->loc = loc;
  ins->dbg = p->dbg;
  ins->guard = guard;
  ins->mods = mn->mods;
  ins->nmods = mn->nmods;
  memcpy(ins->types, mn->types, sizeof ins->types);
  ins->ntypes = mn->ntypes;
  if (mn->op == PTX_OP_CALL) {
    parse_call_operands(p, ins);
  } else if (!is_punct(p, ';')) {
    PtxOperand ops[32];
    size_t n = 0;
    do {
      if (n == ARRAY_LEN(ops)) error_at(p, tok_loc(&p->tok), "too many operands");
      parse_operand(p, &ops[n++]);
    } while (accept(p, ','));
    ins->operands = arena_memdup(p->a, ops, n * sizeof(PtxOperand));
    ins->noperands = (uint32_t)n;
    move_fixups(p, ops, ins->operands, n);
  }
  expect(p, ';');
  for (uint32_t i = 0; i < ins->noperands; i++) settle_decimal_floats(ins, &ins->operands[i]);
  push_stmt(p, (PtxStmt){.kind = PTX_STMT_INSTR, .loc = loc, .instr = ins});
}

static PtxLabel *define_label(Parser *p, Ident *id, SrcLoc loc) {
  for (LabelDef *d = id->labels; d; d = d->next) {
    if (d->block == p->cur_block) {
      report(p, DIAG_ERROR, loc, "label '%s' is defined twice", id->name);
      break;
    }
  }
  PtxLabel *l = ARENA_NEW(p->a, PtxLabel);
  l->name = id->name;
  l->id = (uint32_t)p->labels.len;
  l->stmt = (uint32_t)p->body.len;
  l->loc = loc;
  vec_push(&p->labels, l);
  if (!id->labels) vec_push(&p->fn_label_ids, id);
  LabelDef *d = ARENA_NEW(&p->scratch, LabelDef);
  d->label = l;
  d->block = p->cur_block;
  d->next = id->labels;
  id->labels = d;
  return l;
}

/* The label a use in `block` means: the one of the innermost enclosing block. */
static PtxLabel *label_resolve(Parser *p, Ident *id, uint32_t block) {
  if (!id->labels) return NULL;
  for (uint32_t b = block; b < p->block_parent.len; b = p->block_parent.data[b]) {
    for (LabelDef *d = id->labels; d; d = d->next)
      if (d->block == b) return d->label;
  }
  return NULL;
}

static PtxFunc *parse_param_list_into(Parser *p, PtxFunc *f, bool rets);

/* label-stmt: name ':' [ '.branchtargets' name {',' name} ';'
 *                      | '.callprototype' ['(' param ')'] '_' '(' params ')' ';' ] */
static void parse_label_stmt(Parser *p) {
  Ident *id = ident_tok(p);
  SrcLoc loc = tok_loc(&p->tok);
  next(p);
  next(p); /* ':' */
  PtxLabel *l = define_label(p, id, loc);
  push_stmt(p, (PtxStmt){.kind = PTX_STMT_LABEL, .loc = loc, .label = l});
  if (tok_is(&p->tok, T_DOT, ".branchtargets")) {
    next(p);
    size_t mark = p->ptrs.len;
    do {
      if (p->tok.kind != T_IDENT) error_expected(p, "a label");
      Ident *tid = ident_tok(p);
      vec_push(&p->ptrs, tid);
      vec_push(&p->locs, tok_loc(&p->tok));
      next(p);
    } while (accept(p, ','));
    expect(p, ';');
    size_t n = p->ptrs.len - mark;
    l->ntargets = (uint32_t)n;
    l->targets = ARENA_ARRAY(p->a, PtxLabel *, n);
    for (size_t i = 0; i < n; i++)
      add_fixup(p, FIX_LABEL, &l->targets[i], p->ptrs.data[mark + i], p->locs.data[mark + i], true);
    p->ptrs.len = p->locs.len = mark;
  } else if (tok_is(&p->tok, T_DOT, ".callprototype")) {
    next(p);
    PtxFunc *proto = ARENA_NEW(p->a, PtxFunc);
    proto->name = l->name;
    proto->is_declaration = true;
    proto->loc = loc;
    p->in_prototype = true;
    if (is_punct(p, '(')) parse_param_list_into(p, proto, true);
    if (!tok_is(&p->tok, T_IDENT, "_")) error_expected(p, "'_'");
    next(p);
    if (is_punct(p, '(')) parse_param_list_into(p, proto, false);
    p->in_prototype = false;
    expect(p, ';');
    l->prototype = proto;
  }
}

/* .loc file line col [, function_name label] [, inlined_at file line col] — to the end of
 * the line, no ';'. Kept verbatim; file/line/col parsed for the instructions after it. */
static void parse_loc(Parser *p) {
  SrcLoc loc = tok_loc(&p->tok);
  const char *start = p->tok.s;
  uint32_t line = p->tok.line;
  next(p);
  uint32_t vals[3] = {0, 0, 0};
  for (int i = 0; i < 3; i++) {
    if (p->tok.kind != T_INT || p->tok.line != line) {
      if (i < 2) error_expected(p, "a .loc number");
      break;
    }
    vals[i] = (uint32_t)p->tok.u;
    next(p);
  }
  while (p->tok.kind != T_EOF && p->tok.line == line && !is_punct(p, ';') && !is_punct(p, '}')) next(p);
  /* The text ends where the last token on the line ended. */
  const char *end = p->tok.kind == T_EOF || p->tok.line != line ? NULL : p->tok.s;
  if (!end) {
    end = start;
    while (end < p->end && *end != '\n' && !(end[0] == '/' && end + 1 < p->end && (end[1] == '/' || end[1] == '*'))) end++;
  }
  while (end > start && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) end--;
  p->dbg = (PtxDebugLoc){vals[0], vals[1], vals[2]};
  PtxStmt st = {.kind = PTX_STMT_LOC, .loc = loc, .text = arena_strndup(p->a, start, (size_t)(end - start))};
  st.dbg = p->dbg;
  push_stmt(p, st);
}

/* pragma: '.pragma' string {',' string} ';' — returns the first string's contents */
static const char *parse_pragma(Parser *p) {
  next(p);
  if (p->tok.kind != T_STRING) error_expected(p, "a string");
  const char *s = arena_strndup(p->a, p->tok.s, p->tok.len);
  next(p);
  while (accept(p, ',')) {
    if (p->tok.kind != T_STRING) error_expected(p, "a string");
    s = arena_printf(p->a, "%s\", \"%.*s", s, (int)p->tok.len, p->tok.s);
    next(p);
  }
  expect(p, ';');
  return s;
}

/* Skips to the end of the broken statement: past ';', or up to '}' (left for the caller). */
static void sync_statement(Parser *p) {
  int depth = 0;
  while (p->tok.kind != T_EOF) {
    if (is_punct(p, ';') && depth == 0) {
      next(p);
      return;
    }
    if (is_punct(p, '{')) depth++;
    if (is_punct(p, '}')) {
      if (depth == 0) return;
      depth--;
    }
    next(p);
  }
}

static bool is_label_start(Parser *p) {
  if (p->tok.kind != T_IDENT) return false;
  const char *c = p->cur;
  while (c < p->end && (*c == ' ' || *c == '\t')) c++;
  return c < p->end && *c == ':' && !(c + 1 < p->end && c[1] == ':');
}

/* body: '{' { statement } '}'
 * statement: label-stmt | '{' | '}' | reg-decl | var-decl | '.loc' ... | '.pragma' ...
 *          | ['@' ['!'] pred] instruction */
static void parse_body(Parser *p) {
  volatile int depth = 0; /* survives the longjmp of error recovery */
  next(p); /* '{' */
  scope_open(p);
  p->block_parent.len = 0;
  vec_push(&p->block_parent, UINT32_MAX);
  p->cur_block = 0;
  for (;;) {
    if (p->stop) return;
    jmp_buf here;
    jmp_buf *outer = p->recover;
    p->recover = &here;
    statement_begin(p);
    p->in_prototype = false;
    if (setjmp(here)) {
      p->recover = outer;
      statement_abandon(p);
      if (p->stop) return;
      sync_statement(p);
      continue;
    }
    Token *t = &p->tok;
    if (t->kind == T_EOF) {
      report(p, DIAG_ERROR, tok_loc(t), "unexpected end of input: missing '}'");
      p->recover = outer;
      return;
    }
    if (is_punct(p, '}')) {
      next(p);
      p->recover = outer;
      if (depth == 0) return;
      depth--;
      scope_close(p);
      p->cur_block = p->block_parent.data[p->cur_block];
      push_stmt(p, (PtxStmt){.kind = PTX_STMT_SCOPE_END, .loc = tok_loc(t)});
      continue;
    }
    if (is_punct(p, '{')) {
      if (depth >= 256) error_at(p, tok_loc(t), "blocks nested too deeply");
      push_stmt(p, (PtxStmt){.kind = PTX_STMT_SCOPE_BEGIN, .loc = tok_loc(t)});
      next(p);
      depth++;
      scope_open(p);
      vec_push(&p->block_parent, p->cur_block);
      p->cur_block = (uint32_t)p->block_parent.len - 1;
    } else if (t->kind == T_DOT) {
      bool ok;
      PtxSpace sp = space_of_directive(t, &ok);
      if (ok && sp == PTX_SPACE_REG) {
        parse_reg_decl(p);
      } else if (ok) {
        parse_var_decl(p, sp, PTX_LINK_NONE, false);
      } else if (tok_is(t, T_DOT, ".loc")) {
        parse_loc(p);
      } else if (tok_is(t, T_DOT, ".pragma")) {
        SrcLoc loc = tok_loc(t);
        const char *s = parse_pragma(p);
        push_stmt(p, (PtxStmt){.kind = PTX_STMT_PRAGMA, .loc = loc, .text = s});
      } else {
        error_at(p, tok_loc(t), "unknown directive '%.*s' in a function body", (int)t->len, t->s);
      }
    } else if (is_punct(p, '@')) {
      PtxOperand *g = ARENA_NEW(p->a, PtxOperand);
      g->component = -1;
      g->loc = tok_loc(t);
      next(p);
      bool neg = accept(p, '!');
      if (p->tok.kind != T_IDENT) error_expected(p, "a predicate register");
      parse_name_operand(p, g);
      if (g->kind != PTX_OPND_REG) error_at(p, g->loc, "a guard must be a predicate register");
      g->neg = neg;
      if (p->tok.kind != T_IDENT) error_expected(p, "an instruction");
      parse_instruction(p, g);
    } else if (t->kind == T_IDENT) {
      if (is_label_start(p))
        parse_label_stmt(p);
      else
        parse_instruction(p, NULL);
    } else {
      error_at(p, tok_loc(t), "expected a statement, found %s", tok_desc(p, t));
    }
    p->recover = outer;
  }
}

/* ======================================================================================
 * Functions
 * ==================================================================================== */

/* params: '(' [param {',' param}] ')' ; param: ('.param' | '.reg') var-decl-element */
static PtxFunc *parse_param_list_into(Parser *p, PtxFunc *f, bool rets) {
  next(p); /* '(' */
  size_t mark = p->ptrs.len;
  if (!is_punct(p, ')')) {
    do {
      bool ok;
      PtxSpace sp = space_of_directive(&p->tok, &ok);
      if (!ok || (sp != PTX_SPACE_PARAM && sp != PTX_SPACE_REG))
        error_expected(p, "'.param' or '.reg'");
      PtxVar *v = parse_var_decl(p, sp, PTX_LINK_NONE, true);
      v->owner = p->fn ? f : NULL;
      vec_push(&p->ptrs, v);
    } while (accept(p, ','));
  }
  expect(p, ')');
  size_t n = p->ptrs.len - mark;
  PtxVar **arr = ARENA_ARRAY(p->a, PtxVar *, n ? n : 1);
  if (n) memcpy(arr, p->ptrs.data + mark, n * sizeof(PtxVar *));
  p->ptrs.len = mark;
  if (rets) {
    f->rets = arr;
    f->nrets = (uint32_t)n;
  } else {
    f->params = arr;
    f->nparams = (uint32_t)n;
  }
  return f;
}

static void parse_dims3(Parser *p, uint32_t out[3]) {
  next(p);
  out[0] = parse_u32(p, "dimension");
  out[1] = out[2] = 1;
  if (accept(p, ',')) {
    out[1] = parse_u32(p, "dimension");
    if (accept(p, ',')) out[2] = parse_u32(p, "dimension");
  }
}

/* An arena copy of n elements, NULL when there are none. */
static void *dup_array(Arena *a, const void *data, size_t n, size_t size) {
  return n ? arena_memdup(a, data, n * size) : NULL;
}

static void function_end(Parser *p, PtxFunc *f) {
  /* Labels and what is still unknown: labels first, the rest waits for the module. */
  for (size_t i = 0; i < p->fn_fixups.len; i++) {
    Fixup *fx = &p->fn_fixups.data[i];
    PtxLabel *l = label_resolve(p, fx->id, fx->block);
    if (fx->kind == FIX_LABEL) {
      if (!l) {
        report(p, DIAG_ERROR, fx->loc, "undefined label '%s'", fx->id->name);
        continue;
      }
      *(PtxLabel **)fx->slot = l;
      continue;
    }
    PtxOperand *o = fx->slot;
    if (l && o->kind != PTX_OPND_FUNC) {
      if (o->sym_offset) report(p, DIAG_ERROR, fx->loc, "a label takes no offset: '%s'", fx->id->name);
      o->kind = PTX_OPND_LABEL;
      o->label = l;
    } else {
      vec_push(&p->mod_fixups, *fx);
    }
  }
  p->fn_fixups.len = 0;
  for (size_t i = 0; i < p->fn_label_ids.len; i++) p->fn_label_ids.data[i]->labels = NULL;
  p->fn_label_ids.len = 0;
  scope_close_all(p);
  f->nbody = (uint32_t)p->body.len;
  f->body = dup_array(p->a, p->body.data, p->body.len, sizeof(PtxStmt));
  f->nregs = (uint32_t)p->regs.len;
  f->regs = dup_array(p->a, p->regs.data, p->regs.len, sizeof(PtxReg *));
  f->nlabels = (uint32_t)p->labels.len;
  f->labels = dup_array(p->a, p->labels.data, p->labels.len, sizeof(PtxLabel *));
  f->nlocals = (uint32_t)p->locals.len;
  f->locals = dup_array(p->a, p->locals.data, p->locals.len, sizeof(PtxVar *));
  p->body.len = p->regs.len = p->labels.len = p->locals.len = 0;
  p->fn = NULL;
}

/* function: ('.entry' | '.func' ['(' rets ')']) name ['(' params ')']
 *           { perf-directive } ( body | ';' )
 * perf-directive: .maxntid | .reqntid | .minnctapersm | .maxnctapersm | .maxnreg
 *           | .noreturn | .explicitcluster | .reqnctapercluster | .maxclusterrank | .pragma */
static void parse_function(Parser *p, PtxLinkage link, SrcLoc loc) {
  PtxFunc *f = ARENA_NEW(p->a, PtxFunc);
  f->is_entry = tok_is(&p->tok, T_DOT, ".entry");
  f->linkage = link;
  f->loc = loc;
  next(p);
  /* Parameters bind in a scope of their own, around the body. */
  p->fn = f;
  p->dbg = (PtxDebugLoc){0, 0, 0};
  scope_open(p);
  if (!f->is_entry && is_punct(p, '(')) parse_param_list_into(p, f, true);
  if (p->tok.kind != T_IDENT) error_expected(p, "a function name");
  Ident *id = ident_tok(p);
  f->name = id->name;
  f->loc = tok_loc(&p->tok);
  next(p);
  if (is_punct(p, '(')) parse_param_list_into(p, f, false);
  size_t pmark = p->ptrs.len;
  for (;;) {
    Token *t = &p->tok;
    if (t->kind != T_DOT) break;
    if (tok_is(t, T_DOT, ".maxntid")) parse_dims3(p, f->maxntid);
    else if (tok_is(t, T_DOT, ".reqntid")) parse_dims3(p, f->reqntid);
    else if (tok_is(t, T_DOT, ".reqnctapercluster")) parse_dims3(p, f->reqnctapercluster);
    else if (tok_is(t, T_DOT, ".minnctapersm")) { next(p); f->minnctapersm = parse_u32(p, "count"); }
    else if (tok_is(t, T_DOT, ".maxnctapersm")) { next(p); f->maxnctapersm = parse_u32(p, "count"); }
    else if (tok_is(t, T_DOT, ".maxnreg")) { next(p); f->maxnreg = parse_u32(p, "count"); }
    else if (tok_is(t, T_DOT, ".maxclusterrank")) { next(p); f->maxclusterrank = parse_u32(p, "count"); }
    else if (tok_is(t, T_DOT, ".noreturn")) { next(p); f->noreturn = true; }
    else if (tok_is(t, T_DOT, ".explicitcluster")) { next(p); f->explicitcluster = true; }
    else if (tok_is(t, T_DOT, ".blocksareclusters")) { next(p); f->blocksareclusters = true; }
    else if (tok_is(t, T_DOT, ".abi_preserve")) { next(p); f->abi_preserve = parse_u32(p, "count"); }
    else if (tok_is(t, T_DOT, ".abi_preserve_control")) { next(p); f->abi_preserve_control = parse_u32(p, "count"); }
    else if (tok_is(t, T_DOT, ".pragma")) {
      const char *s = parse_pragma(p);
      vec_push(&p->ptrs, (void *)s);
    } else {
      error_at(p, tok_loc(t), "unknown function directive '%.*s'", (int)t->len, t->s);
    }
  }
  if (p->ptrs.len > pmark) {
    f->npragmas = (uint32_t)(p->ptrs.len - pmark);
    f->pragmas = arena_memdup(p->a, p->ptrs.data + pmark, f->npragmas * sizeof(const char *));
  }
  p->ptrs.len = pmark;
  if (is_punct(p, ';')) {
    next(p);
    f->is_declaration = true;
    scope_close_all(p);
    p->fn = NULL;
  } else if (is_punct(p, '{')) {
    parse_body(p);
    function_end(p, f);
  } else {
    error_expected(p, "'{' or ';'");
  }
  /* A definition replaces an earlier declaration for name resolution. */
  if (!(id->gkind == G_FUNC && f->is_declaration && id->global &&
        !((PtxFunc *)id->global)->is_declaration)) {
    id->global = f;
    id->gkind = G_FUNC;
  }
  vec_push(&p->funcs, f);
  vec_push(&p->items, ((PtxItem){.kind = PTX_ITEM_FUNC, .loc = loc, .func = f}));
}

/* ======================================================================================
 * Module
 * ==================================================================================== */

/* .version major.minor */
static void parse_version(Parser *p) {
  next(p);
  Token *t = &p->tok;
  if (t->kind == T_FLOAT) {
    const char *dot = memchr(t->s, '.', t->len);
    if (!dot) error_expected(p, "a version number");
    p->m->version_major = (uint32_t)strtoul(t->s, NULL, 10);
    p->m->version_minor = (uint32_t)strtoul(dot + 1, NULL, 10);
    next(p);
  } else if (t->kind == T_INT) {
    p->m->version_major = (uint32_t)t->u;
    next(p);
  } else {
    error_expected(p, "a version number");
  }
}

/* .target name {',' name} */
static void parse_target(Parser *p) {
  next(p);
  do {
    if (p->tok.kind != T_IDENT) error_expected(p, "a target name");
    const char *s = arena_strndup(p->a, p->tok.s, p->tok.len);
    vec_push(&p->targets, s);
    unsigned v = 0;
    if (!strncmp(s, "sm_", 3)) v = (unsigned)strtoul(s + 3, NULL, 10);
    else if (!strncmp(s, "compute_", 8)) v = (unsigned)strtoul(s + 8, NULL, 10);
    if (v && !p->m->sm) p->m->sm = v;
    next(p);
  } while (accept(p, ','));
}

/* .file N "name" [, timestamp, size] */
static void parse_file(Parser *p, SrcLoc loc) {
  next(p);
  if (p->tok.kind != T_INT) error_expected(p, "a file number");
  PtxFile f = {.index = (uint32_t)p->tok.u};
  next(p);
  if (p->tok.kind != T_STRING) error_expected(p, "a file name");
  f.name = arena_strndup(p->a, p->tok.s, p->tok.len);
  next(p);
  StrBuf sb = {0};
  strbuf_printf(&sb, ".file %u \"%s\"", f.index, f.name);
  while (is_punct(p, ',')) {
    next(p);
    if (p->tok.kind != T_INT) {
      strbuf_free(&sb);
      error_expected(p, "a number");
    }
    strbuf_printf(&sb, ", %llu", (unsigned long long)p->tok.u);
    next(p);
  }
  vec_push(&p->files, f);
  vec_push(&p->items, ((PtxItem){.kind = PTX_ITEM_FILE, .loc = loc, .text = arena_strdup(p->a, sb.data)}));
  strbuf_free(&sb);
}

/* .section name '{' ... '}' — debug sections, kept as text. */
static void parse_section(Parser *p, SrcLoc loc) {
  const char *start = p->tok.s;
  next(p);
  if (p->tok.kind != T_DOT && p->tok.kind != T_IDENT) error_expected(p, "a section name");
  next(p);
  if (!is_punct(p, '{')) error_expected(p, "'{'");
  int depth = 0;
  for (;;) {
    if (p->tok.kind == T_EOF) error_at(p, loc, "unterminated .section");
    if (is_punct(p, '{')) depth++;
    if (is_punct(p, '}') && --depth == 0) break;
    next(p);
  }
  const char *end = p->tok.s + 1;
  next(p);
  vec_push(&p->items, ((PtxItem){.kind = PTX_ITEM_SECTION, .loc = loc,
                                 .text = arena_strndup(p->a, start, (size_t)(end - start))}));
}

static void resolve_module_fixups(Parser *p) {
  for (size_t i = 0; i < p->mod_fixups.len; i++) {
    Fixup *fx = &p->mod_fixups.data[i];
    Ident *id = fx->id;
    if (fx->kind == FIX_INIT) {
      PtxInit *in = fx->slot;
      if (id->gkind == G_VAR) {
        in->sym.var = id->global;
      } else if (id->gkind == G_FUNC) {
        in->sym.func = id->global;
        in->sym_is_func = true;
      } else {
        report(p, DIAG_ERROR, fx->loc, "undefined symbol '%s'", id->name);
      }
      continue;
    }
    if (fx->kind == FIX_LABEL) continue;
    PtxOperand *o = fx->slot;
    if (id->gkind == G_VAR) {
      if (o->kind == PTX_OPND_FUNC) {
        report(p, DIAG_ERROR, fx->loc, "'%s' is a variable, not a function", id->name);
        continue;
      }
      o->kind = PTX_OPND_VAR;
      o->var = id->global;
    } else if (id->gkind == G_FUNC) {
      if (o->kind == PTX_OPND_LABEL && o->sym_offset)
        report(p, DIAG_ERROR, fx->loc, "a function takes no offset: '%s'", id->name);
      o->kind = PTX_OPND_FUNC;
      o->func = id->global;
    } else {
      report(p, DIAG_ERROR, fx->loc, "undefined %s '%s'",
             o->kind == PTX_OPND_FUNC ? "function" : "symbol", id->name);
    }
  }
}

/* module: { directive }
 * directive: .version | .target | .address_size | .file | .section | .pragma
 *          | [linkage] (.entry | .func) ... | [linkage] var-decl */
static void parse_module(Parser *p) {
  next(p);
  for (;;) {
    if (p->stop) return;
    jmp_buf here;
    p->recover = &here;
    statement_begin(p);
    if (setjmp(here)) {
      statement_abandon(p);
      if (p->fn) {
        /* An error in a function header: drop the function's state. */
        p->fn_fixups.len = 0;
        for (size_t i = 0; i < p->fn_label_ids.len; i++) p->fn_label_ids.data[i]->labels = NULL;
        p->fn_label_ids.len = 0;
        scope_close_all(p);
        p->body.len = p->regs.len = p->labels.len = p->locals.len = 0;
        p->fn = NULL;
      }
      if (p->stop) return;
      sync_statement(p);
      if (is_punct(p, '}')) next(p);
      continue;
    }
    Token *t = &p->tok;
    if (t->kind == T_EOF) break;
    SrcLoc loc = tok_loc(t);
    if (t->kind == T_PUNCT && t->punct == '@' && p->cur + 6 <= p->end && !memcmp(p->cur, "@DWARF", 6)) {
      /* Old nvcc -G output: "@@DWARF .byte ..." lines, kept as opaque text. */
      const char *start = t->s, *e = p->cur;
      while (e < p->end && *e != '\n') e++;
      vec_push(&p->items, ((PtxItem){.kind = PTX_ITEM_SECTION, .loc = loc,
                                     .text = arena_strndup(p->a, start, (size_t)(e - start))}));
      p->cur = e;
      next(p);
      continue;
    }
    if (t->kind != T_DOT) error_at(p, loc, "expected a directive, found %s", tok_desc(p, t));
    if (tok_is(t, T_DOT, ".version")) {
      parse_version(p);
      continue;
    }
    if (tok_is(t, T_DOT, ".target")) {
      parse_target(p);
      continue;
    }
    if (tok_is(t, T_DOT, ".address_size")) {
      next(p);
      SrcLoc vl = tok_loc(&p->tok);
      uint32_t v = parse_u32(p, "address size");
      if (v != 32 && v != 64) error_at(p, vl, ".address_size must be 32 or 64");
      p->m->address_size = v;
      p->m->has_address_size = true;
      continue;
    }
    if (tok_is(t, T_DOT, ".file")) {
      parse_file(p, loc);
      continue;
    }
    if (tok_is(t, T_DOT, ".section")) {
      parse_section(p, loc);
      continue;
    }
    if (tok_is(t, T_DOT, ".pragma")) {
      const char *s = parse_pragma(p);
      vec_push(&p->items, ((PtxItem){.kind = PTX_ITEM_PRAGMA, .loc = loc, .text = s}));
      continue;
    }
    if (tok_is(t, T_DOT, ".alias")) {
      /* .alias alias, aliasee; — both functions declared before (PTX ISA 11.6.1) */
      const char *start = t->s;
      next(p);
      if (p->tok.kind != T_IDENT) error_expected(p, "a function name");
      Ident *alias = ident_tok(p);
      SrcLoc aloc = tok_loc(&p->tok);
      next(p);
      expect(p, ',');
      if (p->tok.kind != T_IDENT) error_expected(p, "a function name");
      Ident *target = ident_tok(p);
      SrcLoc tloc = tok_loc(&p->tok);
      next(p);
      if (!is_punct(p, ';')) error_expected(p, "';'");
      const char *end = p->tok.s + 1;
      next(p);
      if (alias->gkind != G_FUNC) error_at(p, aloc, "'%s' is not a declared function", alias->name);
      if (target->gkind != G_FUNC) error_at(p, tloc, "'%s' is not a declared function", target->name);
      alias->global = target->global;
      vec_push(&p->items, ((PtxItem){.kind = PTX_ITEM_SECTION, .loc = loc,
                                     .text = arena_strndup(p->a, start, (size_t)(end - start))}));
      continue;
    }
    if (tok_is(t, T_DOT, ".loc")) {
      /* A stray .loc at module scope: harmless, drop it. */
      uint32_t line = t->line;
      while (p->tok.kind != T_EOF && p->tok.line == line) next(p);
      continue;
    }
    PtxLinkage link = PTX_LINK_NONE;
    for (;;) {
      if (tok_is(t, T_DOT, ".visible")) link = PTX_LINK_VISIBLE;
      else if (tok_is(t, T_DOT, ".extern")) link = PTX_LINK_EXTERN;
      else if (tok_is(t, T_DOT, ".weak")) link = PTX_LINK_WEAK;
      else if (tok_is(t, T_DOT, ".common")) link = PTX_LINK_COMMON;
      else break;
      next(p);
    }
    if (tok_is(t, T_DOT, ".entry") || tok_is(t, T_DOT, ".func")) {
      parse_function(p, link, loc);
      continue;
    }
    bool ok;
    PtxSpace sp = space_of_directive(t, &ok);
    if (ok && sp != PTX_SPACE_REG && sp != PTX_SPACE_PARAM) {
      parse_var_decl(p, sp, link, false);
      continue;
    }
    if (t->kind == T_DOT)
      error_at(p, tok_loc(t), "unknown directive '%.*s'", (int)t->len, t->s);
    error_at(p, tok_loc(t), "expected a directive, found %s", tok_desc(p, t));
  }
  p->recover = NULL;
  resolve_module_fixups(p);
}

static void parser_fini(Parser *p) {
  arena_fini(&p->scratch);
  free(p->idents.slots);
  free(p->mnems.slots);
  vec_free(&p->scope_syms);
  vec_free(&p->scope_marks);
  vec_free(&p->ranges);
  vec_free(&p->range_marks);
  vec_free(&p->fn_fixups);
  vec_free(&p->mod_fixups);
  vec_free(&p->fn_label_ids);
  vec_free(&p->block_parent);
  vec_free(&p->body);
  vec_free(&p->regs);
  vec_free(&p->labels);
  vec_free(&p->locals);
  vec_free(&p->items);
  vec_free(&p->funcs);
  vec_free(&p->globals);
  vec_free(&p->files);
  vec_free(&p->targets);
  vec_free(&p->ptrs);
  vec_free(&p->locs);
}

#define COPY_VEC(dst, ndst, v)                                                            \
  do {                                                                                    \
    (ndst) = (uint32_t)(v).len;                                                           \
    (dst) = (v).len ? arena_memdup(&m->arena, (v).data, (v).len * sizeof(*(v).data)) : NULL; \
  } while (0)

PtxModule *ptx_module_parse(const char *src, size_t len, const char *filename, DiagSink *diags) {
  DiagSink local;
  bool own_sink = diags == NULL;
  if (own_sink) {
    diag_init(&local, filename, src, len);
    diags = &local;
  }
  const char *saved_src = diags->src;
  size_t saved_len = diags->src_len;
  if (!diags->file) diags->file = filename;
  if (!diags->src) {
    diags->src = src;
    diags->src_len = len;
  }
  if (!diags->max_errors) diags->max_errors = 20;
  unsigned errors_before = diags->errors;

  PtxModule *m = xcalloc(1, sizeof *m);
  arena_init(&m->arena);
  strtab_init(&m->strings, &m->arena);
  char *copy = arena_alloc(&m->arena, len + 1, 1);
  if (len) memcpy(copy, src, len);
  copy[len] = 0;
  m->src = copy;
  m->src_len = len;
  m->filename = filename ? arena_strdup(&m->arena, filename) : NULL;
  m->address_size = 64;

  Parser *p = xcalloc(1, sizeof *p);
  p->m = m;
  p->a = &m->arena;
  arena_init(&p->scratch);
  p->diags = diags;
  p->src = p->cur = p->line_start = copy;
  p->end = copy + len;
  p->line = 1;
  parse_module(p);

  COPY_VEC(m->items, m->nitems, p->items);
  COPY_VEC(m->funcs, m->nfuncs, p->funcs);
  COPY_VEC(m->globals, m->nglobals, p->globals);
  COPY_VEC(m->files, m->nfiles, p->files);
  COPY_VEC(m->targets, m->ntargets, p->targets);
  parser_fini(p);
  free(p);

  bool failed = diags->errors > errors_before;
  if (failed) {
    ptx_module_destroy(m);
    m = NULL;
    diags->src = saved_src;
    diags->src_len = saved_len;
  } else if (diags->src == src) {
    /* Later diagnostics (the verifier's) quote the module's own copy, which lives as
     * long as the module. */
    diags->src = m->src;
  }
  if (own_sink) {
    if (failed) diag_print(&local, stderr);
    diag_fini(&local);
  }
  return m;
}
