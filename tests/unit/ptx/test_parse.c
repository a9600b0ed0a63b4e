/* Lexer and parser: every immediate form, each module/function/body construct, name
 * resolution with scopes and forward references, old PTX, and the error messages. */
#include "ptx_test_util.h"

#include <math.h>

/* Parses one instruction inside a kernel that declares a few registers and returns its
 * operand `idx`; the module is kept in *out for the caller to destroy. */
static PtxOperand *imm_of(const char *instr, uint32_t idx, PtxModule **out) {
  char buf[1024];
  snprintf(buf, sizeof buf,
           KERNEL_HEAD ".visible .entry k()\n{\n.reg .b32 %%r<4>;\n.reg .b64 %%rd<4>;\n"
                       ".reg .f32 %%f<4>;\n.reg .f64 %%fd<4>;\n.reg .pred %%p<4>;\n%s\n}\n",
           instr);
  PtxModule *m = parse_ok(buf);
  *out = m;
  if (!m) return NULL;
  PtxInstr *ins = first_instr(m, 0);
  if (!ins || idx >= ins->noperands) return NULL;
  return &ins->operands[idx];
}

TEST(lex_integer_forms) {
  static const struct {
    const char *text;
    uint64_t value;
  } cases[] = {
      {"42", 42},           {"0x2a", 42},          {"0X2A", 42},      {"052", 42},
      {"0b101010", 42},     {"42U", 42},           {"0x2aU", 42},     {"-1", UINT64_MAX},
      {"0", 0},             {"-0x80000000", 0xFFFFFFFF80000000ull}, {"0xffffffffffffffff", UINT64_MAX},
      {"18446744073709551615", UINT64_MAX}, {"1+2*3", 7}, {"(1<<4)|1", 17}, {"~0", UINT64_MAX},
      {"-(4)", (uint64_t)-4},
  };
  for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
    char ins[128];
    snprintf(ins, sizeof ins, "mov.u64 %%rd1, %s;", cases[i].text);
    PtxModule *m;
    PtxOperand *o = imm_of(ins, 1, &m);
    CHECK(o != NULL);
    if (o) {
      CHECK_EQ_INT(o->kind, PTX_OPND_IMM_INT);
      if (o->imm.u != cases[i].value) fprintf(stderr, "  case %s\n", cases[i].text);
      CHECK(o->imm.u == cases[i].value);
    }
    ptx_module_destroy(m);
  }
}

TEST(lex_float_forms) {
  PtxModule *m;
  PtxOperand *o = imm_of("mov.f32 %f1, 0f3F800000;", 1, &m);
  CHECK(o && o->kind == PTX_OPND_IMM_F32 && o->imm.f32_bits == 0x3F800000u);
  ptx_module_destroy(m);
  o = imm_of("mov.f64 %fd1, 0d3FF0000000000000;", 1, &m);
  CHECK(o && o->kind == PTX_OPND_IMM_F64 && o->imm.f64_bits == 0x3FF0000000000000ull);
  ptx_module_destroy(m);
  o = imm_of("mov.f32 %f1, -0f3F800000;", 1, &m);
  CHECK(o && o->kind == PTX_OPND_IMM_F32 && o->imm.f32_bits == 0xBF800000u);
  ptx_module_destroy(m);
  /* A decimal float takes the instruction's precision. */
  o = imm_of("add.f32 %f1, %f2, 1.5;", 2, &m);
  CHECK(o && o->kind == PTX_OPND_IMM_F32 && o->imm.f32 == 1.5f);
  ptx_module_destroy(m);
  o = imm_of("add.f64 %fd1, %fd2, 0.1;", 2, &m);
  CHECK(o && o->kind == PTX_OPND_IMM_F64 && o->imm.f64 == 0.1);
  ptx_module_destroy(m);
  o = imm_of("mul.f64 %fd1, %fd2, -2.5e3;", 2, &m);
  CHECK(o && o->kind == PTX_OPND_IMM_F64 && o->imm.f64 == -2500.0);
  ptx_module_destroy(m);
  o = imm_of("mov.f32 %f1, 1e-3;", 1, &m);
  CHECK(o && o->kind == PTX_OPND_IMM_F32 && o->imm.f32 == 1e-3f);
  ptx_module_destroy(m);
}

TEST(lex_bad_literals) {
  char *e = parse_fail(KERNEL_HEAD ".visible .entry k()\n{\n.reg .b32 %r1;\nmov.u32 %r1, 0f3F80;\n}\n");
  CHECK(e && strstr(e, "test.ptx:7:14: error: 0f float literal needs exactly 8 hex digits"));
  free(e);
  e = parse_fail(KERNEL_HEAD ".visible .entry k()\n{\n.reg .b32 %r1;\nmov.u32 %r1, 099;\n}\n");
  CHECK(e && strstr(e, "octal"));
  free(e);
  e = parse_fail(KERNEL_HEAD ".visible .entry k()\n{\n.reg .b32 %r1;\nmov.u32 %r1, 123456789012345678901234;\n}\n");
  CHECK(e && strstr(e, "does not fit in 64 bits"));
  free(e);
  e = parse_fail(KERNEL_HEAD ".visible .entry k()\n{\n.reg .b32 %r1;\nmov.u32 %r1, 12abc;\n}\n");
  CHECK(e && strstr(e, "malformed number '12abc'"));
  free(e);
}

TEST(module_header) {
  PtxModule *m = parse_ok(".version 9.0\n.target sm_90a, debug\n.address_size 64\n");
  CHECK(m != NULL);
  if (!m) return;
  CHECK_EQ_INT(m->version_major, 9);
  CHECK_EQ_INT(m->version_minor, 0);
  CHECK_EQ_INT(m->sm, 90);
  CHECK_EQ_INT(m->ntargets, 2);
  CHECK_EQ_STR(m->targets[1], "debug");
  CHECK_EQ_INT(m->address_size, 64);
  CHECK(m->has_address_size);
  ptx_module_destroy(m);
  m = parse_ok(".version 1.4\n.target sm_10, map_f64_to_f32\n");
  CHECK(m && m->sm == 10 && m->version_minor == 4 && !m->has_address_size);
  ptx_module_destroy(m);
  m = parse_ok(".version 7.0\n.target sm_70, texmode_independent\n.address_size 32\n");
  CHECK(m && m->address_size == 32);
  ptx_module_destroy(m);
}

static const char kernel_src[] =
    ".version 8.0\n"
    ".target sm_80\n"
    ".address_size 64\n"
    ".file 1 \"/tmp/x.cu\", 1700000000, 1234\n"
    ".extern .shared .align 16 .b8 dyn[];\n"
    ".global .align 4 .b8 tab[8] = {1, 2, 3, 4, 5, 6, 7, 8};\n"
    ".const .align 4 .f32 cf[2] = {0f3F800000, 2.5};\n"
    ".global .align 8 .u64 gp = generic(tab)+4;\n"
    ".global .attribute(.managed) .align 4 .u32 man;\n"
    ".global .texref tex0;\n"
    ".global .samplerref smp = { addr_mode_0 = clamp_to_edge, filter_mode = linear };\n"
    ".extern .func (.param .b32 func_retval0) vprintf(.param .b64 fmt, .param .b64 args);\n"
    ".visible .func (.param .b32 r) helper(.param .b32 a, .param .align 8 .b8 s[16])\n"
    "{\n"
    "  .reg .b32 %r<3>;\n"
    "  ld.param.b32 %r1, [a];\n"
    "  ld.param.b32 %r2, [s+4];\n"
    "  st.param.b32 [r], %r1;\n"
    "  ret;\n"
    "}\n"
    ".visible .entry k(\n"
    "  .param .u64 .ptr.global.align 16 k_p0,\n"
    "  .param .u32 k_p1\n"
    ")\n"
    ".maxntid 128, 1, 1\n"
    ".minnctapersm 2\n"
    "{\n"
    "  .local .align 4 .b8 depot[16];\n"
    "  .shared .align 4 .f32 sm[32][4];\n"
    "  .reg .pred %p<3>;\n"
    "  .reg .b32 %r<10>;\n"
    "  .reg .b64 %rd<5>;\n"
    "  .reg .v4 .f32 %vec;\n"
    "  .loc 1 10 3\n"
    "  ld.param.u64 %rd1, [k_p0];\n"
    "  cvta.to.global.u64 %rd2, %rd1;\n"
    "  mov.u32 %r1, %tid.x;\n"
    "  setp.ge.u32 %p1|%p2, %r1, 32;\n"
    "  @%p1 bra $L__BB0_2;\n"
    "  @!%p2 bra.uni $L__BB0_2;\n"
    "  ld.global.nc.v4.f32 {%r2, %r3, _, %r4}, [%rd2+-16];\n"
    "  st.shared.f32 [sm+8], %r2;\n"
    "  ld.const.f32 %r5, [cf+4];\n"
    "  mov.u64 %rd3, tab;\n"
    "  st.global.u32 [64], %r1;\n"
    "  mov.b64 %rd4, {%r1, %r2};\n"
    "  mov.f32 %vec.y, %r3;\n"
    "  {\n"
    "    .param .b32 param0;\n"
    "    st.param.b32 [param0], %r1;\n"
    "    .param .b32 retval0;\n"
    "    call.uni (retval0), helper, (param0, param0);\n"
    "  }\n"
    "  {\n"
    "    .param .b32 param0;\n"
    "    call.uni (param0), vprintf, (param0, param0);\n"
    "  }\n"
    "$L__BB0_2:\n"
    "  .pragma \"nounroll\";\n"
    "  ret;\n"
    "}\n";

TEST(parse_kernel_constructs) {
  PtxModule *m = parse_ok(kernel_src);
  CHECK(m != NULL);
  if (!m) return;
  CHECK_EQ_INT(m->nfuncs, 3);
  CHECK_EQ_INT(m->nglobals, 7);
  CHECK_EQ_INT(m->nfiles, 1);
  CHECK_EQ_STR(m->files[0].name, "/tmp/x.cu");
  /* globals */
  PtxVar *dyn = ptx_module_find_global(m, "dyn");
  CHECK(dyn && dyn->linkage == PTX_LINK_EXTERN && dyn->space == PTX_SPACE_SHARED && dyn->align == 16 &&
        dyn->ndims == 1 && dyn->dims[0] == 0 && dyn->size == 0);
  PtxVar *tab = ptx_module_find_global(m, "tab");
  CHECK(tab && tab->size == 8 && tab->init && tab->init->kind == PTX_INIT_LIST && tab->init->count == 8 &&
        tab->init->elems[7].u == 8);
  PtxVar *cf = ptx_module_find_global(m, "cf");
  CHECK(cf && cf->space == PTX_SPACE_CONST && cf->init->elems[1].kind == PTX_INIT_FLOAT &&
        cf->init->elems[1].u == 0x40200000u);
  PtxVar *gp = ptx_module_find_global(m, "gp");
  CHECK(gp && gp->init && gp->init->kind == PTX_INIT_GENERIC && gp->init->sym.var == tab && gp->init->offset == 4);
  PtxVar *man = ptx_module_find_global(m, "man");
  CHECK(man && man->managed);
  PtxVar *tex0 = ptx_module_find_global(m, "tex0");
  CHECK(tex0 && tex0->opaque && !strcmp(tex0->opaque, ".texref"));
  PtxVar *smp = ptx_module_find_global(m, "smp");
  CHECK(smp && smp->opaque_init && strstr(smp->opaque_init, "filter_mode = linear"));
  /* functions */
  PtxFunc *vp = ptx_module_find_func(m, "vprintf");
  CHECK(vp && vp->is_declaration && vp->linkage == PTX_LINK_EXTERN && vp->nrets == 1 && vp->nparams == 2);
  PtxFunc *h = ptx_module_find_func(m, "helper");
  CHECK(h && !h->is_entry && h->nrets == 1 && h->nparams == 2 && h->params[1]->size == 16 &&
        h->params[1]->align == 8);
  uint32_t offs[2];
  CHECK_EQ_INT(ptx_func_param_layout(h, offs), 24);
  CHECK_EQ_INT(offs[1], 8);
  PtxFunc *k = ptx_module_find_func(m, "k");
  CHECK(k && k->is_entry && k->nparams == 2 && k->maxntid[0] == 128 && k->maxntid[1] == 1 &&
        k->minnctapersm == 2);
  if (!k) return;
  CHECK(k->params[0]->is_param_ptr && k->params[0]->ptr_space == PTX_SPACE_GLOBAL &&
        k->params[0]->ptr_align == 16);
  CHECK_EQ_INT(ptx_func_param_layout(k, NULL), 12);
  CHECK_EQ_INT(k->nregs, 3 + 10 + 5 + 1);
  CHECK_EQ_INT(k->nlabels, 1);
  CHECK_EQ_INT(k->nlocals, 2 + 3);
  PtxVar *sm = k->locals[1];
  CHECK(sm->ndims == 2 && sm->size == 32 * 4 * 4);
  /* instructions */
  PtxInstr *ins = first_instr(m, 4); /* helper has 4 */
  CHECK(ins && ins->op == PTX_OP_LD && ins->operands[1].kind == PTX_OPND_ADDR &&
        ins->operands[1].addr.base->kind == PTX_OPND_VAR && ins->operands[1].addr.base->var == k->params[0]);
  ins = first_instr(m, 6);
  CHECK(ins && ins->op == PTX_OP_MOV && ins->operands[1].kind == PTX_OPND_SREG &&
        ins->operands[1].sreg == PTX_SREG_TID && ins->operands[1].component == 0);
  ins = first_instr(m, 7);
  CHECK(ins && ins->op == PTX_OP_SETP && ins->operands[0].kind == PTX_OPND_PAIR &&
        ins->operands[0].list.elems[1].reg->name[2] == '2' && ptx_instr_mod_of(ins, PTX_MODCAT_CMP) == PTX_MOD_GE &&
        ins->operands[2].kind == PTX_OPND_IMM_INT);
  ins = first_instr(m, 8);
  CHECK(ins && ins->guard && !ins->guard->neg && ins->op == PTX_OP_BRA && ins->operands[0].kind == PTX_OPND_LABEL &&
        ins->operands[0].label == k->labels[0]);
  ins = first_instr(m, 9);
  CHECK(ins && ins->guard && ins->guard->neg && ptx_instr_has_mod(ins, PTX_MOD_UNI));
  ins = first_instr(m, 10);
  CHECK(ins && ptx_instr_space(ins) == PTX_SPACE_GLOBAL && ptx_instr_vec(ins) == 4 &&
        ptx_instr_has_mod(ins, PTX_MOD_NC) && ins->ntypes == 1 && ins->types[0] == PTX_MOD_F32 &&
        ins->operands[0].kind == PTX_OPND_VEC && ins->operands[0].list.count == 4 &&
        ins->operands[0].list.elems[2].kind == PTX_OPND_SINK && ins->operands[1].addr.offset == -16);
  ins = first_instr(m, 11);
  CHECK(ins && ins->operands[0].addr.base->var == sm && ins->operands[0].addr.offset == 8);
  ins = first_instr(m, 13);
  CHECK(ins && ins->operands[1].kind == PTX_OPND_VAR && ins->operands[1].var == tab);
  ins = first_instr(m, 14);
  CHECK(ins && ins->operands[0].kind == PTX_OPND_ADDR && !ins->operands[0].addr.base &&
        ins->operands[0].addr.offset == 64);
  ins = first_instr(m, 16);
  CHECK(ins && ins->operands[0].kind == PTX_OPND_REG && ins->operands[0].component == 1);
  /* call blocks: each param0 is its own variable */
  PtxInstr *c1 = first_instr(m, 18), *c2 = first_instr(m, 19);
  CHECK(c1 && c1->op == PTX_OP_CALL && c1->noperands == 3 && c1->operands[0].kind == PTX_OPND_LIST &&
        c1->operands[1].kind == PTX_OPND_FUNC && c1->operands[1].func == h &&
        c1->operands[2].list.count == 2);
  CHECK(c2 && c2->operands[1].func == vp);
  if (c1 && c2) CHECK(c1->operands[2].list.elems[0].var != c2->operands[2].list.elems[0].var);
  /* .loc applied */
  CHECK(c1 && c1->dbg.file == 1 && c1->dbg.line == 10 && c1->dbg.col == 3);
  /* the label's statement */
  CHECK(k->body[k->labels[0]->stmt].kind == PTX_STMT_LABEL);
  ptx_module_destroy(m);
}

TEST(parse_forward_refs_and_tables) {
  PtxModule *m = parse_ok(KERNEL_HEAD
                          ".visible .func (.param .b32 r) later(.param .b32 a);\n"
                          ".visible .entry k(.param .u32 n)\n{\n"
                          ".reg .b32 %r<3>;\n.reg .b64 %rd<2>;\n"
                          "ld.param.u32 %r1, [n];\n"
                          "bra $Lfwd;\n"
                          "$Lfwd:\n"
                          "ts: .branchtargets $L1, $L2;\n"
                          "brx.idx %r1, ts;\n"
                          "$L1:\n$L2:\n"
                          "{\n.param .b32 p;\n.param .b32 q;\n"
                          "call (q), later, (p);\n}\n"
                          "{\n.param .b32 p;\n.param .b32 q;\n"
                          "proto: .callprototype (.param .b32 _) _ (.param .b32 _);\n"
                          "mov.u64 %rd1, later;\n"
                          "call (q), %rd1, (p), proto;\n}\n"
                          "ret;\n}\n"
                          ".visible .func (.param .b32 r) later(.param .b32 a)\n{\n.reg .b32 %r<2>;\n"
                          "ld.param.b32 %r1, [a];\nst.param.b32 [r], %r1;\nret;\n}\n");
  CHECK(m != NULL);
  if (!m) return;
  PtxFunc *k = ptx_module_find_func(m, "k"), *later = ptx_module_find_func(m, "later");
  CHECK(later && !later->is_declaration);
  PtxInstr *bra = first_instr(m, 1);
  CHECK(bra && bra->operands[0].kind == PTX_OPND_LABEL && !strcmp(bra->operands[0].label->name, "$Lfwd"));
  PtxInstr *brx = first_instr(m, 2);
  CHECK(brx && brx->op == PTX_OP_BRX_IDX && brx->operands[1].kind == PTX_OPND_LABEL);
  if (brx && brx->operands[1].label) {
    PtxLabel *ts = brx->operands[1].label;
    CHECK(ts->ntargets == 2 && ts->targets[0] && !strcmp(ts->targets[0]->name, "$L1") && ts->targets[1] &&
          !strcmp(ts->targets[1]->name, "$L2"));
  }
  PtxInstr *call = first_instr(m, 3);
  CHECK(call && call->operands[1].kind == PTX_OPND_FUNC && call->operands[1].func == later);
  PtxInstr *mov = first_instr(m, 4);
  CHECK(mov && mov->operands[1].kind == PTX_OPND_FUNC && mov->operands[1].func == later);
  PtxInstr *icall = first_instr(m, 5);
  CHECK(icall && icall->operands[1].kind == PTX_OPND_REG && icall->noperands == 4 &&
        icall->operands[3].kind == PTX_OPND_LABEL && icall->operands[3].label->prototype &&
        icall->operands[3].label->prototype->nparams == 1 && icall->operands[3].label->prototype->nrets == 1);
  CHECK(k && k->nlabels == 5);
  ptx_module_destroy(m);
}

TEST(parse_scope_shadowing) {
  PtxModule *m = parse_ok(KERNEL_HEAD ".visible .entry k()\n{\n.reg .b32 %r<2>;\n"
                                      "mov.u32 %r1, 1;\n{\n.reg .b32 %r1;\nmov.u32 %r1, 2;\n}\nmov.u32 %r1, 3;\n}\n");
  CHECK(m != NULL);
  if (!m) return;
  PtxInstr *a = first_instr(m, 0), *b = first_instr(m, 1), *c = first_instr(m, 2);
  CHECK(a->operands[0].reg == c->operands[0].reg);
  CHECK(a->operands[0].reg != b->operands[0].reg);
  CHECK_EQ_INT(m->funcs[0]->nregs, 3);
  ptx_module_destroy(m);
  char *e = parse_fail(KERNEL_HEAD ".visible .entry k()\n{\n{\n.reg .b32 %x;\n}\nmov.u32 %x, 1;\n}\n");
  CHECK(e && strstr(e, "test.ptx:9:9: error: undeclared register '%x'"));
  free(e);
}

TEST(parse_instruction_forms) {
  PtxModule *m = parse_ok(
      KERNEL_HEAD ".visible .entry k()\n{\n.reg .b32 %r<8>;\n.reg .b64 %rd<4>;\n.reg .pred %p<3>;\n"
                  ".reg .f16x2 %h<3>;\n.reg .b16 %rs<3>;\n"
                  "cp.async.ca.shared.global [%rd1], [%rd2], 16;\n"
                  "cp.async.wait_group 0;\n"
                  "mbarrier.arrive.expect_tx.release.cta.shared::cta.b64 %rd3, [%rd1], 128;\n"
                  "ld.global.L1::evict_last.L2::256B.v2.u32 {%r1, %r2}, [%rd1];\n"
                  "fma.rn.f16x2 %h1, %h2, %h1, %h2;\n"
                  "shfl.sync.bfly.b32 %r1|%p1, %r2, 16, 31, -1;\n"
                  "vote.sync.ballot.b32 %r3, %p1, -1;\n"
                  "atom.global.cas.b32 %r1, [%rd1], %r2, %r3;\n"
                  "red.global.add.f32 [%rd1+4], %r1;\n"
                  "wmma.mma.sync.aligned.row.col.m16n16k16.f32.f32 {%r1,%r2,%r3,%r4,%r5,%r6,%r7,%r1}, "
                  "{%r1,%r2}, {%r3,%r4}, {%r1,%r2,%r3,%r4,%r5,%r6,%r7,%r1};\n"
                  "tex.2d.v4.f32.f32 {%r1, %r2, %r3, %r4}, [%rd1, {%r5, %r6}];\n"
                  "cvt.rn.satfinite.e4m3x2.f32 %rs1, %r1, %r2;\n"
                  "lop3.b32 %r1, %r2, %r3, %r4, 0x96;\n"
                  "prmt.b32 %r1, %r2, %r3, 0x3210;\n"
                  "mov.u32 %r1, %laneid;\n"
                  "mov.u32 %r1, %envreg3;\n"
                  "mov.u64 %rd1, %globaltimer;\n"
                  "vabsdiff4.u32.u32.u32.add %r1, %r2, %r3, %r4;\n"
                  "vadd.s32.s32.s32.sat %r1, %r2.b0, %r3.h1, %r4;\n"
                  "cp.async.bulk.tensor.2d.shared::cluster.global.tile.mbarrier::complete_tx::bytes [%rd1], [%rd2, {%r1, %r2}], [%rd3];\n"
                  "wgmma.mma_async.sync.aligned.m64n8k16.f32.f16.f16 {%r1,%r2,%r3,%r4}, %rd1, %rd2, 1, 1, 1, 0, 0;\n"
                  "tcgen05.wait::ld.sync.aligned;\n"
                  "elect.sync %r1|%p1, -1;\n"
                  "exit;\n}\n");
  CHECK(m != NULL);
  if (!m) return;
  PtxInstr *i0 = first_instr(m, 0);
  CHECK(i0->op == PTX_OP_CP_ASYNC && ptx_instr_has_mod(i0, PTX_MOD_CA) && i0->noperands == 3);
  CHECK(first_instr(m, 1)->op == PTX_OP_CP_ASYNC_WAIT_GROUP);
  PtxInstr *mb = first_instr(m, 2);
  CHECK(mb->op == PTX_OP_MBARRIER_ARRIVE && ptx_instr_has_mod(mb, PTX_MOD_EXPECT_TX) &&
        ptx_instr_space(mb) == PTX_SPACE_SHARED && ptx_instr_mod_of(mb, PTX_MODCAT_SCOPE) == PTX_MOD_CTA);
  PtxInstr *ld = first_instr(m, 3);
  CHECK(ld->nmods == 5 && ld->mods[1] == PTX_MOD_L1_EVICT_LAST && ld->mods[2] == PTX_MOD_L2_256B);
  CHECK(first_instr(m, 4)->types[0] == PTX_MOD_F16X2);
  PtxInstr *sh = first_instr(m, 5);
  CHECK(sh->op == PTX_OP_SHFL && sh->operands[0].kind == PTX_OPND_PAIR && sh->noperands == 5 &&
        sh->operands[4].imm.i == -1);
  PtxInstr *wm = first_instr(m, 9);
  CHECK(wm->op == PTX_OP_WMMA_MMA && ptx_instr_mod_of(wm, PTX_MODCAT_SHAPE) == PTX_MOD_M16N16K16 &&
        wm->operands[0].list.count == 8);
  PtxInstr *tx = first_instr(m, 10);
  CHECK(tx->op == PTX_OP_TEX && tx->operands[1].kind == PTX_OPND_TEX && tx->operands[1].list.count == 2 &&
        tx->operands[1].list.elems[1].kind == PTX_OPND_VEC);
  PtxInstr *cv = first_instr(m, 11);
  CHECK(cv->op == PTX_OP_CVT && cv->ntypes == 2 && cv->types[0] == PTX_MOD_E4M3X2 && cv->types[1] == PTX_MOD_F32);
  CHECK(first_instr(m, 14)->operands[1].sreg == PTX_SREG_LANEID);
  CHECK(first_instr(m, 15)->operands[1].sreg == PTX_SREG_ENVREG3);
  CHECK(first_instr(m, 16)->operands[1].sreg == PTX_SREG_GLOBALTIMER);
  PtxInstr *va = first_instr(m, 18);
  CHECK(va->op == PTX_OP_VADD && va->operands[1].sel && !strcmp(va->operands[1].sel, ".b0"));
  CHECK(first_instr(m, 19)->op == PTX_OP_CP_ASYNC_BULK_TENSOR);
  CHECK(first_instr(m, 20)->op == PTX_OP_WGMMA_MMA_ASYNC && ptx_instr_has_mod(first_instr(m, 20), PTX_MOD_M64N8K16));
  CHECK(first_instr(m, 21)->op == PTX_OP_TCGEN05_WAIT_LD);
  CHECK(first_instr(m, 22)->op == PTX_OP_ELECT);
  ptx_module_destroy(m);
}

static const char old_ptx[] =
    "\t.version 1.4\n"
    "\t.target sm_10, map_f64_to_f32\n"
    "\t// compiled with /usr/local/cuda/open64/lib//be\n"
    "\t.file\t1\t\"<command-line>\"\n"
    "\t.file\t2\t\"/tmp/tmpxft_00005f7c_00000000-6_vectorAdd.cudafe2.gpu\"\n"
    "\t.const[2] .f32 bank2val;\n"
    "\t.tex .u64 oldtex;\n"
    "\t.entry _Z9myKernelPi (\n"
    "\t\t.param .u64 __cudaparm__Z9myKernelPi_data)\n"
    "\t{\n"
    "\t.reg .u16 %rh<4>;\n"
    "\t.reg .u32 %r<5>;\n"
    "\t.reg .u64 %rd<6>;\n"
    "\t.reg .f32 %f<2>;\n"
    "\t.loc\t16\t1\t0\n"
    "$LDWbegin__Z9myKernelPi:\n"
    "\t.loc\t16\t4\t0\n"
    "\tmov.u16 \t%rh1, %ctaid.x;\n"
    "\tmov.u16 \t%rh2, %ntid.x;\n"
    "\tmul.wide.u16 \t%r1, %rh1, %rh2;\n"
    "\tcvt.u32.u16 \t%r2, %tid.x;\n"
    "\tmad24.lo.u32 \t%r3, %r2, %r1, %r2;\n"
    "\tld.param.u64 \t%rd1, [__cudaparm__Z9myKernelPi_data];\n"
    "\tld.const.f32 \t%f1, [bank2val];\n"
    "\tmul.wide.s32 \t%rd3, %r3, 4;\n"
    "\tadd.u64 \t%rd4, %rd1, %rd3;\n"
    "\tst.global.s32 \t[%rd4+0], %r3;\n"
    "\t.loc\t16\t5\t0\n"
    "\texit;\n"
    "$LDWend__Z9myKernelPi:\n"
    "\t} // _Z9myKernelPi\n";

TEST(parse_old_ptx) {
  PtxModule *m = parse_ok(old_ptx);
  CHECK(m != NULL);
  if (!m) return;
  CHECK(m->version_major == 1 && m->version_minor == 4 && m->sm == 10 && !m->has_address_size);
  PtxVar *b = ptx_module_find_global(m, "bank2val");
  CHECK(b && b->has_bank && b->bank == 2);
  PtxVar *t = ptx_module_find_global(m, "oldtex");
  CHECK(t && t->space == PTX_SPACE_TEX);
  PtxInstr *mad = first_instr(m, 4);
  CHECK(mad && mad->op == PTX_OP_MAD24);
  CHECK(m->funcs[0]->nlabels == 2);
  ptx_module_destroy(m);
}

TEST(parse_debug_sections) {
  const char *src = KERNEL_HEAD ".visible .entry k()\n{\n"
                                ".loc 1 22 5, function_name $L__info_string0, inlined_at 1 30 7\n"
                                "ret;\n}\n"
                                ".section .debug_str\n{\n$L__info_string0:\n.b8 95, 90, 0\n}\n"
                                ".section\t.debug_abbrev\n\t{\n.b8 1\n.b8 17 // x\n\t}\n";
  PtxModule *m = parse_ok(src);
  CHECK(m != NULL);
  if (!m) return;
  CHECK_EQ_INT(m->nitems, 3);
  CHECK(m->items[1].kind == PTX_ITEM_SECTION && strstr(m->items[1].text, "$L__info_string0:"));
  PtxStmt *loc = &m->funcs[0]->body[0];
  CHECK(loc->kind == PTX_STMT_LOC && loc->dbg.line == 22 && loc->dbg.col == 5 &&
        strstr(loc->text, "inlined_at 1 30 7"));
  ptx_module_destroy(m);
}

TEST(parse_errors_named_and_located) {
  char *e = parse_fail(KERNEL_HEAD ".visible .entry k()\n{\nfrobnicate.u32 %r1;\n}\n");
  CHECK(e && strstr(e, "test.ptx:6:1: error: unknown instruction 'frobnicate'"));
  CHECK(e && strstr(e, "    frobnicate.u32 %r1;\n    ^~~~~~~~~~\n"));
  free(e);
  e = parse_fail(KERNEL_HEAD ".visible .entry k()\n{\n.reg .b32 %r1;\nadd.u33 %r1, %r1, 1;\n}\n");
  CHECK(e && strstr(e, "test.ptx:7:4: error: unknown modifier '.u33' on 'add'"));
  free(e);
  e = parse_fail(KERNEL_HEAD ".visible .entry k()\n{\n.reg .b32 %r1;\nmov.u32 %r1 1;\n}\n");
  CHECK(e && strstr(e, "test.ptx:7:13: error: expected ';', found '1'"));
  free(e);
  e = parse_fail(KERNEL_HEAD ".visible .entry k()\n{\nbra $Lnowhere;\n}\n");
  CHECK(e && strstr(e, "test.ptx:6:5: error: undefined symbol '$Lnowhere'"));
  free(e);
  e = parse_fail(KERNEL_HEAD ".visible .entry k()\n{\n");
  CHECK(e && strstr(e, "missing '}'"));
  free(e);
  e = parse_fail(KERNEL_HEAD ".bogus 1;\n");
  CHECK(e && strstr(e, "test.ptx:4:1: error: unknown directive '.bogus'"));
  free(e);
  e = parse_fail(KERNEL_HEAD ".visible .entry k()\n{\n.reg .b32 %r<99999999>;\n}\n");
  CHECK(e && strstr(e, "too large"));
  free(e);
}

TEST(parse_error_recovery_and_limit) {
  /* Three bad statements, three errors: recovery at ';' keeps going. */
  char *e = parse_fail(KERNEL_HEAD ".visible .entry k()\n{\n.reg .b32 %r<3>;\n"
                                   "bad1 %r1;\nmov.u32 %r1, %r2;\nadd.s32 %r1 %r2;\nbad3;\nret;\n}\n");
  CHECK(e != NULL);
  if (e) {
    int n = 0;
    for (const char *s = e; (s = strstr(s, ": error: ")); s++) n++;
    CHECK_EQ_INT(n, 3);
    CHECK(strstr(e, ":7:1:") && strstr(e, ":9:13:") && strstr(e, ":10:1:"));
  }
  free(e);
  /* A flood of errors stops at 20. */
  StrBuf sb = {0};
  strbuf_puts(&sb, KERNEL_HEAD ".visible .entry k()\n{\n");
  for (int i = 0; i < 100; i++) strbuf_puts(&sb, "nope;\n");
  strbuf_puts(&sb, "}\n");
  DiagSink d;
  diag_init(&d, "t.ptx", sb.data, sb.len);
  PtxModule *m = ptx_module_parse(sb.data, sb.len, "t.ptx", &d);
  CHECK(m == NULL);
  CHECK_EQ_INT(d.diags.len, 20);
  diag_fini(&d);
  strbuf_free(&sb);
}

TEST(tables_lookup) {
  CHECK_EQ_INT(ptx_opcode_lookup("cp.async.bulk.tensor", 20), PTX_OP_CP_ASYNC_BULK_TENSOR);
  CHECK_EQ_INT(ptx_opcode_lookup("nope", 4), PTX_OP_COUNT);
  CHECK_EQ_INT(ptx_mod_lookup(".shared::cluster", 16), PTX_MOD_SHARED_CLUSTER);
  CHECK_EQ_INT(ptx_mod_lookup(".b32", 4), PTX_MOD_B32);
  CHECK_EQ_INT(ptx_mod_lookup(".bogus", 6), PTX_MOD_NONE);
  CHECK_EQ_STR(ptx_mod_text(PTX_MOD_L2_CACHE_HINT), ".L2::cache_hint");
  CHECK_EQ_INT(ptx_mod_category(PTX_MOD_RN), PTX_MODCAT_ROUND);
  CHECK_EQ_INT(ptx_type_bits(PTX_MOD_PRED), 1);
  CHECK_EQ_INT(ptx_type_bits(PTX_MOD_F16X2), 32);
  CHECK_EQ_INT(ptx_type_bits(PTX_MOD_B128), 128);
  CHECK_EQ_INT(ptx_type_bits(PTX_MOD_RN), 0);
  CHECK(ptx_type_is_float(PTX_MOD_BF16X2) && ptx_type_is_float(PTX_MOD_E4M3) && !ptx_type_is_float(PTX_MOD_S32));
  CHECK(ptx_type_is_signed(PTX_MOD_S8) && !ptx_type_is_signed(PTX_MOD_U8));
  CHECK(ptx_type_is_int(PTX_MOD_B64) && !ptx_type_is_int(PTX_MOD_PRED));
  CHECK_EQ_STR(ptx_sreg_name(PTX_SREG_LANEMASK_GE), "%lanemask_ge");
  CHECK_EQ_STR(ptx_opcode_name(PTX_OP_MBARRIER_TRY_WAIT), "mbarrier.try_wait");
  CHECK_EQ_STR(ptx_op_info(PTX_OP_ADD)->shape, "daa");
  CHECK(ptx_op_info(PTX_OP_ADD)->types & PTX_TC_F16);
  CHECK_EQ_STR(ptx_space_name(PTX_SPACE_SHARED), ".shared");
  /* every opcode and modifier name is found by its own text */
  for (int op = 0; op < PTX_OP_COUNT; op++) {
    const char *n = ptx_opcode_name((PtxOpcode)op);
    if (ptx_opcode_lookup(n, strlen(n)) != (PtxOpcode)op) {
      fprintf(stderr, "  opcode %s\n", n);
      CHECK(0);
    }
  }
  for (int md = 1; md < PTX_MOD_COUNT; md++) {
    const char *t = ptx_mod_text((PtxMod)md);
    if (ptx_mod_lookup(t, strlen(t)) != (PtxMod)md) {
      fprintf(stderr, "  mod %s\n", t);
      CHECK(0);
    }
  }
}

TEST(parse_address_byte_masks) {
  /* nvcc's form for a pointer inside a packed struct initialiser */
  PtxModule *m = parse_ok(KERNEL_HEAD ".global .align 4 .b8 gv[16];\n"
                                      ".global .align 1 .u8 pk[9] = {1, 0XFF(generic(gv)+4), 0xFF00(generic(gv)+4), "
                                      "0xFF0000(gv), 0xFF000000(gv+2), 0xFF00000000(gv), 0xFF0000000000(gv), "
                                      "0xFF000000000000(gv), 0xFF00000000000000(generic(gv)+4)};\n");
  CHECK(m != NULL);
  if (!m) return;
  PtxVar *pk = ptx_module_find_global(m, "pk"), *gv = ptx_module_find_global(m, "gv");
  CHECK(pk && pk->init && pk->init->count == 9);
  if (pk && pk->init && pk->init->count == 9) {
    PtxInit *e = pk->init->elems;
    CHECK(e[0].kind == PTX_INIT_INT && e[0].u == 1);
    CHECK(e[1].kind == PTX_INIT_MASK && e[1].mask_byte == 0 && e[1].u == 1 && e[1].offset == 4 && e[1].sym.var == gv);
    CHECK(e[3].kind == PTX_INIT_MASK && e[3].mask_byte == 2 && e[3].u == 0 && e[3].offset == 0);
    CHECK(e[4].mask_byte == 3 && e[4].offset == 2);
    CHECK(e[8].mask_byte == 7 && e[8].u == 1 && e[8].sym.var == gv);
  }
  ptx_module_destroy(m);
  char *e = parse_fail(KERNEL_HEAD ".global .b8 gv[4];\n.global .u8 pk[2] = {0xF0(gv), 0};\n");
  CHECK(e && strstr(e, "bad address mask"));
  free(e);
}

TEST(parse_function_directives_and_alias) {
  PtxModule *m = parse_ok(".version 9.0\n.target sm_100a\n.address_size 64\n"
                          ".visible .func f()\n.abi_preserve 4\n.abi_preserve_control 2\n{\nret;\n}\n"
                          ".visible .func g();\n.alias g, f;\n"
                          ".visible .entry k()\n.reqntid 32\n.reqnctapercluster 2, 1, 1\n.blocksareclusters\n"
                          ".maxnreg 64\n.pragma \"nounroll\";\n{\ncall g;\nret;\n}\n");
  CHECK(m != NULL);
  if (!m) return;
  PtxFunc *f = ptx_module_find_func(m, "f"), *k = ptx_module_find_func(m, "k");
  CHECK(f && f->abi_preserve == 4 && f->abi_preserve_control == 2);
  CHECK(k && k->blocksareclusters && k->reqntid[0] == 32 && k->reqntid[1] == 1 && k->reqnctapercluster[0] == 2 &&
        k->maxnreg == 64 && k->npragmas == 1 && !strcmp(k->pragmas[0], "nounroll"));
  PtxInstr *call = first_instr(m, 1);
  CHECK(call && call->op == PTX_OP_CALL && call->operands[0].kind == PTX_OPND_FUNC && call->operands[0].func == f);
  ptx_module_destroy(m);
  char *e = parse_fail(KERNEL_HEAD ".alias nope, other;\n");
  CHECK(e && strstr(e, "'nope' is not a declared function"));
  free(e);
}

TEST(parse_register_ranges) {
  /* a prefix ending in a digit, leading zeros, a single register hiding a range member */
  PtxModule *m = parse_ok(KERNEL_HEAD ".visible .entry k()\n{\n.reg .b32 %x2<12>;\n.reg .b32 %r<3>, %r01;\n"
                                      "mov.u32 %x211, %x20;\nmov.u32 %r01, %r1;\n"
                                      "{\n.reg .b32 %r1;\nmov.u32 %r1, %r2;\n}\nmov.u32 %r1, 0;\n}\n");
  CHECK(m != NULL);
  if (!m) return;
  PtxFunc *k = m->funcs[0];
  CHECK_EQ_INT(k->nregs, 12 + 3 + 1 + 1);
  PtxInstr *a = first_instr(m, 0), *b = first_instr(m, 1), *c = first_instr(m, 2), *d = first_instr(m, 3);
  CHECK_EQ_STR(a->operands[0].reg->name, "%x211");
  CHECK(a->operands[0].reg == k->regs[11] && a->operands[1].reg == k->regs[0]);
  CHECK_EQ_STR(b->operands[0].reg->name, "%r01");
  CHECK(b->operands[0].reg != b->operands[1].reg && b->operands[1].reg == k->regs[13]);
  CHECK(c->operands[0].reg == k->regs[16] && c->operands[1].reg == k->regs[14]);
  CHECK(d->operands[0].reg == k->regs[13]);
  ptx_module_destroy(m);
  char *e = parse_fail(KERNEL_HEAD ".visible .entry k()\n{\n.reg .b32 %r<3>;\nmov.u32 %r3, 0;\n}\n");
  CHECK(e && strstr(e, "undeclared register '%r3'"));
  free(e);
  e = parse_fail(KERNEL_HEAD ".visible .entry k()\n{\n.reg .b32 %r<3>;\n.reg .b32 %r<4>;\n}\n");
  CHECK(e && strstr(e, "already declared"));
  free(e);
}

TEST(parse_block_scoped_labels) {
  /* Inlined asm repeats its labels in every copy; each block has its own (ptxas agrees). */
  PtxModule *m = parse_ok(KERNEL_HEAD ".visible .entry k()\n{\n"
                                      "{\n.reg .pred P1;\nLAB_WAIT:\nsetp.eq.u32 P1, 1, 1;\n@P1 bra DONE;\nbra LAB_WAIT;\nDONE:\n}\n"
                                      "{\n.reg .pred P1;\nLAB_WAIT:\nsetp.eq.u32 P1, 1, 1;\n@P1 bra DONE;\nbra LAB_WAIT;\nDONE:\n}\n"
                                      "bra OUT;\n{\nbra OUT;\n}\nOUT:\nret;\n}\n");
  CHECK(m != NULL);
  if (!m) return;
  PtxFunc *k = m->funcs[0];
  CHECK_EQ_INT(k->nlabels, 5);
  PtxInstr *b1 = first_instr(m, 1), *w1 = first_instr(m, 2), *b2 = first_instr(m, 4), *w2 = first_instr(m, 5);
  CHECK(b1->operands[0].label == k->labels[1] && w1->operands[0].label == k->labels[0]);
  CHECK(b2->operands[0].label == k->labels[3] && w2->operands[0].label == k->labels[2]);
  CHECK(first_instr(m, 6)->operands[0].label == k->labels[4] && first_instr(m, 7)->operands[0].label == k->labels[4]);
  ptx_module_destroy(m);
  /* twice in one block is still an error, and an inner label is not visible outside */
  char *e = parse_fail(KERNEL_HEAD ".visible .entry k()\n{\nL:\nL:\nret;\n}\n");
  CHECK(e && strstr(e, "label 'L' is defined twice"));
  free(e);
  e = parse_fail(KERNEL_HEAD ".visible .entry k()\n{\n{\nIN:\nret;\n}\nbra IN;\n}\n");
  CHECK(e && strstr(e, "undefined symbol 'IN'"));
  free(e);
}

TEST(parse_symbol_plus_offset_value) {
  /* `mov.u64 %rd1, tab+8` (ptxas accepts it): the variable's address plus a constant */
  PtxModule *m = parse_ok(KERNEL_HEAD ".global .align 4 .b8 tab[16];\n.visible .entry k()\n{\n"
                                      ".reg .b64 %rd<4>;\nmov.u64 %rd1, tab+8;\nmov.u64 %rd2, tab-4;\n"
                                      "mov.u64 %rd3, later+2*4;\nld.global.u64 %rd1, [tab+8];\nret;\n}\n"
                                      ".global .align 4 .b8 later[16];\n");
  CHECK(m != NULL);
  if (!m) return;
  PtxInstr *a = first_instr(m, 0), *b = first_instr(m, 1), *c = first_instr(m, 2), *d = first_instr(m, 3);
  CHECK(a->operands[1].kind == PTX_OPND_VAR && a->operands[1].sym_offset == 8);
  CHECK(b->operands[1].kind == PTX_OPND_VAR && b->operands[1].sym_offset == -4);
  CHECK(c->operands[1].kind == PTX_OPND_VAR && c->operands[1].sym_offset == 8 &&
        c->operands[1].var == ptx_module_find_global(m, "later"));
  CHECK(d->operands[1].kind == PTX_OPND_ADDR && d->operands[1].addr.offset == 8 &&
        d->operands[1].addr.base->sym_offset == 0);
  StrBuf sb = {0};
  ptx_instr_print(b, &sb);
  CHECK_EQ_STR(sb.data, "mov.u64 \t%rd2, tab-4;");
  strbuf_free(&sb);
  ptx_module_destroy(m);
  char *e = parse_fail(KERNEL_HEAD ".visible .entry k()\n{\n.reg .b64 %rd1;\nL:\nbra L+4;\n}\n");
  CHECK(e && strstr(e, "a label takes no offset"));
  free(e);
}
