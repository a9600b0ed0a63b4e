/* Module variables: storage, initialisers, lookup by name, and release on destroy. */
#include "cg_runner.h"
#include "test.h"

/* An 8-byte name once read as a pointer key in the globals map (its storage leaked and
 * UBSan stopped on the misaligned read); LeakSanitizer runs see the difference. */
TEST(globals_with_pointer_sized_names) {
  const char *src = ".version 8.0\n.target sm_80\n.address_size 64\n"
                    ".global .align 4 .u32 devScale = 7;\n"
                    ".const .align 8 .u64 abcdefgh[2] = {11, 12};\n"
                    ".visible .entry k(.param .u64 p)\n{\n .reg .b32 %r<3>;\n .reg .b64 %rd<3>;\n"
                    " ld.param.u64 %rd1, [p];\n ld.global.u32 %r1, [devScale];\n"
                    " ld.const.u64 %rd2, [abcdefgh+8];\n cvt.u32.u64 %r2, %rd2;\n"
                    " add.s32 %r1, %r1, %r2;\n st.u32 [%rd1], %r1;\n ret;\n}\n";
  CgTestModule *m = cgt_load(src, 32);
  CHECK(m && m->cg);
  if (!m || !m->cg) {
    if (m) cgt_free(m);
    return;
  }
  size_t size = 0;
  unsigned *scale = cg_global_address(m->cg, "devScale", &size);
  CHECK(scale != NULL);
  CHECK_EQ_INT(size, 4);
  if (scale) CHECK_EQ_INT(*scale, 7);
  unsigned long long *pair = cg_global_address(m->cg, "abcdefgh", &size);
  CHECK(pair != NULL);
  CHECK_EQ_INT(size, 16);
  if (pair) CHECK_EQ_INT(pair[1], 12);
  CHECK(cg_global_address(m->cg, "nosuchvr", NULL) == NULL);
  unsigned out = 0;
  unsigned *p = &out;
  CHECK_EQ_INT(cgt_launch(m, "k", (KDim3){1, 1, 1}, (KDim3){1, 1, 1}, &p, 0, NULL), KGROUP_DONE);
  CHECK_EQ_INT(out, 19);
  cgt_free(m);
}
