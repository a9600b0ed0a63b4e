/* ptx printer: canonical PTX text for a module, laid out the way nvcc writes it, so that
 * print(parse(print(parse(x)))) == print(parse(x)) and ptxas accepts the result. */
#include "ptx_internal.h"

#include <inttypes.h>

static void put(StrBuf *out, const char *s) { strbuf_puts(out, s); }

static const char *linkage_text(PtxLinkage l) {
  switch (l) {
  case PTX_LINK_VISIBLE: return ".visible ";
  case PTX_LINK_EXTERN: return ".extern ";
  case PTX_LINK_WEAK: return ".weak ";
  case PTX_LINK_COMMON: return ".common ";
  default: return "";
  }
}

static void print_int(StrBuf *out, uint64_t u) {
  if ((int64_t)u < 0)
    strbuf_printf(out, "%" PRId64, (int64_t)u);
  else
    strbuf_printf(out, "%" PRIu64, u);
}

static const char *const component_names = "xyzw";

static void print_operand(const PtxOperand *o, StrBuf *out) {
  switch (o->kind) {
  case PTX_OPND_REG:
    if (o->neg) put(out, "!");
    put(out, o->reg ? o->reg->name : "%?");
    if (o->component >= 0 && o->component < 4) strbuf_printf(out, ".%c", component_names[o->component]);
    else if (o->sel) put(out, o->sel);
    break;
  case PTX_OPND_SREG:
    put(out, ptx_sreg_name(o->sreg));
    if (o->component >= 0 && o->component < 4) strbuf_printf(out, ".%c", component_names[o->component]);
    break;
  case PTX_OPND_IMM_INT: print_int(out, o->imm.u); break;
  case PTX_OPND_IMM_F32: strbuf_printf(out, "0f%08X", o->imm.f32_bits); break;
  case PTX_OPND_IMM_F64: strbuf_printf(out, "0d%016" PRIX64, o->imm.f64_bits); break;
  case PTX_OPND_VAR:
    put(out, o->var ? o->var->name : "?");
    if (o->sym_offset) strbuf_printf(out, "%+" PRId64, o->sym_offset);
    break;
  case PTX_OPND_FUNC: put(out, o->func ? o->func->name : "?"); break;
  case PTX_OPND_LABEL: put(out, o->label ? o->label->name : "?"); break;
  case PTX_OPND_ADDR:
    put(out, "[");
    if (o->addr.base) {
      print_operand(o->addr.base, out);
      if (o->addr.offset) {
        put(out, "+");
        strbuf_printf(out, "%" PRId64, o->addr.offset);
      }
    } else {
      print_int(out, (uint64_t)o->addr.offset);
    }
    put(out, "]");
    break;
  case PTX_OPND_VEC:
  case PTX_OPND_LIST:
  case PTX_OPND_TEX:
    put(out, o->kind == PTX_OPND_VEC ? "{" : o->kind == PTX_OPND_LIST ? "(" : "[");
    for (uint32_t i = 0; i < o->list.count; i++) {
      if (i) put(out, ", ");
      print_operand(&o->list.elems[i], out);
    }
    put(out, o->kind == PTX_OPND_VEC ? "}" : o->kind == PTX_OPND_LIST ? ")" : "]");
    break;
  case PTX_OPND_SINK: put(out, "_"); break;
  case PTX_OPND_PAIR:
    print_operand(&o->list.elems[0], out);
    put(out, "|");
    print_operand(&o->list.elems[1], out);
    break;
  }
}

void ptx_instr_print(const PtxInstr *ins, StrBuf *out) {
  if (ins->guard) {
    put(out, ins->guard->neg ? "@!" : "@");
    put(out, ins->guard->reg ? ins->guard->reg->name : "%?");
    put(out, " ");
  }
  put(out, ptx_opcode_name(ins->op));
  for (uint32_t i = 0; i < ins->nmods; i++) put(out, ptx_mod_text(ins->mods[i]));
  for (uint32_t i = 0; i < ins->noperands; i++) {
    put(out, i ? ", " : " \t");
    print_operand(&ins->operands[i], out);
  }
  put(out, ";");
}

static void print_init(const PtxVar *v, const PtxInit *in, StrBuf *out) {
  switch (in->kind) {
  case PTX_INIT_INT: print_int(out, in->u); break;
  case PTX_INIT_FLOAT:
    if (ptx_type_bits(v->type) == 64)
      strbuf_printf(out, "0d%016" PRIX64, in->u);
    else
      strbuf_printf(out, "0f%08X", (uint32_t)in->u);
    break;
  case PTX_INIT_SYM:
  case PTX_INIT_GENERIC:
  case PTX_INIT_MASK: {
    const char *name = in->sym_is_func ? (in->sym.func ? in->sym.func->name : "?")
                                       : (in->sym.var ? in->sym.var->name : "?");
    if (in->kind == PTX_INIT_MASK) {
      strbuf_printf(out, "0x%llX(", 0xFFull << (8 * in->mask_byte));
      if (in->u) strbuf_printf(out, "generic(%s)", name);
      else put(out, name);
      if (in->offset) strbuf_printf(out, "+%" PRId64, in->offset);
      put(out, ")");
      break;
    }
    if (in->kind == PTX_INIT_GENERIC) strbuf_printf(out, "generic(%s)", name);
    else put(out, name);
    if (in->offset) strbuf_printf(out, "+%" PRId64, in->offset);
    break;
  }
  case PTX_INIT_LIST:
    put(out, "{");
    for (uint32_t i = 0; i < in->count; i++) {
      if (i) put(out, ", ");
      print_init(v, &in->elems[i], out);
    }
    put(out, "}");
    break;
  }
}

/* [linkage] space [.attribute(...)] [.align N] [.vN] type [.ptr[.space][.align N]] name
 * [dims] [= init] — without the terminating ';'. */
static void print_var(const PtxVar *v, StrBuf *out) {
  put(out, linkage_text(v->linkage));
  put(out, ptx_space_name(v->space));
  if (v->has_bank) strbuf_printf(out, "[%u]", v->bank);
  if (v->attribute) strbuf_printf(out, " .attribute%s", v->attribute);
  if (v->align) strbuf_printf(out, " .align %u", v->align);
  if (v->vec) strbuf_printf(out, " .v%u", v->vec);
  put(out, " ");
  put(out, v->opaque ? v->opaque : ptx_mod_text(v->type));
  if (v->is_param_ptr) {
    put(out, " .ptr");
    if (v->ptr_space != PTX_SPACE_GENERIC) put(out, ptx_space_name(v->ptr_space));
    if (v->ptr_align) strbuf_printf(out, ".align %u", v->ptr_align);
  }
  put(out, " ");
  put(out, v->name);
  for (uint32_t i = 0; i < v->ndims; i++) {
    if (v->dims[i]) strbuf_printf(out, "[%u]", v->dims[i]);
    else put(out, "[]");
  }
  if (v->init) {
    put(out, " = ");
    print_init(v, v->init, out);
  } else if (v->opaque_init) {
    put(out, " = ");
    put(out, v->opaque_init);
  }
}

static void print_params(PtxVar **vars, uint32_t n, bool multiline, StrBuf *out) {
  put(out, "(");
  for (uint32_t i = 0; i < n; i++) {
    if (multiline) put(out, i ? ",\n\t" : "\n\t");
    else if (i) put(out, ", ");
    print_var(vars[i], out);
  }
  if (multiline && n) put(out, "\n");
  put(out, ")");
}

static void print_dims3(const char *name, const uint32_t d[3], StrBuf *out) {
  if (!d[0]) return;
  strbuf_printf(out, "%s %u, %u, %u\n", name, d[0], d[1] ? d[1] : 1, d[2] ? d[2] : 1);
}

static void print_label_stmt(const PtxLabel *l, StrBuf *out) {
  put(out, l->name);
  put(out, ":");
  if (l->targets) {
    put(out, " .branchtargets ");
    for (uint32_t i = 0; i < l->ntargets; i++) {
      if (i) put(out, ", ");
      put(out, l->targets[i] ? l->targets[i]->name : "?");
    }
    put(out, ";");
  } else if (l->prototype) {
    const PtxFunc *f = l->prototype;
    put(out, " .callprototype ");
    if (f->nrets) {
      print_params(f->rets, f->nrets, false, out);
      put(out, " ");
    }
    put(out, "_ ");
    print_params(f->params, f->nparams, false, out);
    put(out, ";");
  }
  put(out, "\n");
}

static void print_regdecl(const PtxRegDecl *d, StrBuf *out) {
  put(out, "\t.reg ");
  if (d->vec) strbuf_printf(out, ".v%u ", d->vec);
  put(out, ptx_mod_text(d->type));
  put(out, " \t");
  put(out, d->prefix);
  if (d->count || !d->nregs || d->regs[0]->name != d->prefix) strbuf_printf(out, "<%u>", d->count);
  put(out, ";\n");
}

static void print_func(const PtxFunc *f, StrBuf *out) {
  put(out, linkage_text(f->linkage));
  put(out, f->is_entry ? ".entry " : ".func ");
  if (f->rets || f->nrets) {
    print_params(f->rets, f->nrets, false, out);
    put(out, " ");
  }
  put(out, f->name);
  if (f->params || f->nparams || f->is_entry) print_params(f->params, f->nparams, true, out);
  put(out, "\n");
  print_dims3(".maxntid", f->maxntid, out);
  print_dims3(".reqntid", f->reqntid, out);
  print_dims3(".reqnctapercluster", f->reqnctapercluster, out);
  if (f->explicitcluster) put(out, ".explicitcluster\n");
  if (f->blocksareclusters) put(out, ".blocksareclusters\n");
  if (f->abi_preserve) strbuf_printf(out, ".abi_preserve %u\n", f->abi_preserve);
  if (f->abi_preserve_control) strbuf_printf(out, ".abi_preserve_control %u\n", f->abi_preserve_control);
  if (f->maxclusterrank) strbuf_printf(out, ".maxclusterrank %u\n", f->maxclusterrank);
  if (f->minnctapersm) strbuf_printf(out, ".minnctapersm %u\n", f->minnctapersm);
  if (f->maxnctapersm) strbuf_printf(out, ".maxnctapersm %u\n", f->maxnctapersm);
  if (f->maxnreg) strbuf_printf(out, ".maxnreg %u\n", f->maxnreg);
  if (f->noreturn) put(out, ".noreturn\n");
  for (uint32_t i = 0; i < f->npragmas; i++) strbuf_printf(out, ".pragma \"%s\";\n", f->pragmas[i]);
  if (f->is_declaration) {
    put(out, ";\n");
    return;
  }
  put(out, "{\n");
  for (uint32_t i = 0; i < f->nbody; i++) {
    const PtxStmt *st = &f->body[i];
    switch (st->kind) {
    case PTX_STMT_INSTR:
      put(out, "\t");
      ptx_instr_print(st->instr, out);
      put(out, "\n");
      break;
    case PTX_STMT_LABEL: print_label_stmt(st->label, out); break;
    case PTX_STMT_REG_DECL: print_regdecl(st->regdecl, out); break;
    case PTX_STMT_VAR_DECL:
      put(out, "\t");
      print_var(st->var, out);
      put(out, ";\n");
      break;
    case PTX_STMT_SCOPE_BEGIN: put(out, "\t{\n"); break;
    case PTX_STMT_SCOPE_END: put(out, "\t}\n"); break;
    case PTX_STMT_LOC:
    case PTX_STMT_DIRECTIVE: strbuf_printf(out, "\t%s\n", st->text); break;
    case PTX_STMT_PRAGMA: strbuf_printf(out, "\t.pragma \"%s\";\n", st->text); break;
    }
  }
  put(out, "}\n");
}

void ptx_module_print(const PtxModule *m, StrBuf *out) {
  put(out, "//\n// Generated by ptxvm\n//\n\n");
  if (m->version_major || m->version_minor)
    strbuf_printf(out, ".version %u.%u\n", m->version_major, m->version_minor);
  if (m->ntargets) {
    put(out, ".target ");
    for (uint32_t i = 0; i < m->ntargets; i++) {
      if (i) put(out, ", ");
      put(out, m->targets[i]);
    }
    put(out, "\n");
  }
  if (m->has_address_size) strbuf_printf(out, ".address_size %u\n", m->address_size);
  for (uint32_t i = 0; i < m->nitems; i++) {
    const PtxItem *it = &m->items[i];
    switch (it->kind) {
    case PTX_ITEM_VAR:
      put(out, "\n");
      print_var(it->var, out);
      put(out, ";\n");
      break;
    case PTX_ITEM_FUNC:
      put(out, "\n");
      print_func(it->func, out);
      break;
    case PTX_ITEM_FILE: strbuf_printf(out, "%s\n", it->text); break;
    case PTX_ITEM_SECTION: strbuf_printf(out, "\n%s\n", it->text); break;
    case PTX_ITEM_PRAGMA: strbuf_printf(out, "\n.pragma \"%s\";\n", it->text); break;
    }
  }
}
