/* Unit tests for src/base: arena, vectors, maps, interning, diagnostics. */
#include "base.h"
#include "test.h"

TEST(arena_alignment_and_zeroing) {
  Arena a;
  arena_init(&a);
  for (int i = 0; i < 1000; i++) {
    unsigned char *p = arena_alloc(&a, (size_t)(i % 37) + 1, 16);
    CHECK(((uintptr_t)p & 15) == 0);
    CHECK(p[0] == 0);
    p[0] = 0xff;
  }
  char *big = arena_alloc(&a, 5u << 20, 64); /* larger than any chunk */
  CHECK(((uintptr_t)big & 63) == 0);
  big[(5u << 20) - 1] = 1;
  CHECK_EQ_STR(arena_printf(&a, "%d-%s", 42, "x"), "42-x");
  arena_fini(&a);
}

TEST(vec_push_many) {
  VEC(int) v = {0};
  for (int i = 0; i < 10000; i++) vec_push(&v, i);
  CHECK_EQ_INT(v.len, 10000);
  CHECK_EQ_INT(v.data[9999], 9999);
  CHECK_EQ_INT(vec_last(&v), 9999);
  vec_free(&v);
  CHECK(v.data == NULL);
}

TEST(map_put_find_overwrite) {
  Map m;
  map_init(&m, NULL);
  char key[32];
  for (long i = 0; i < 5000; i++) {
    snprintf(key, sizeof key, "k%ld", i);
    CHECK(map_put_str(&m, key, (void *)(i + 1)) == NULL);
  }
  CHECK((long)map_find_str(&m, "k4321") == 4322);
  CHECK(map_find_str(&m, "nope") == NULL);
  CHECK((long)map_put_str(&m, "k7", (void *)99) == 8);
  CHECK((long)map_find_str(&m, "k7") == 99);
  CHECK_EQ_INT(m.count, 5000);
  map_fini(&m);
}

TEST(intern_gives_same_pointer) {
  Arena a;
  arena_init(&a);
  StrTab t;
  strtab_init(&t, &a);
  const char *x = str_intern(&t, "add.s32xyz", 7);
  const char *y = str_intern(&t, "add.s32", 7);
  CHECK(x == y);
  CHECK_EQ_STR(x, "add.s32");
  CHECK(str_intern(&t, "add.u32", 7) != x);
  strtab_fini(&t);
  arena_fini(&a);
}

TEST(diag_renders_caret_under_column) {
  const char *src = ".version 8.0\n    add.u32 %r3, %f1, %r2;\n";
  DiagSink s;
  diag_init(&s, "k.ptx", src, strlen(src));
  diag_report(&s, DIAG_ERROR, (SrcLoc){2, 18, 3}, "operand '%s' is .f32", "%f1");
  CHECK(diag_has_errors(&s));
  StrBuf out = {0};
  diag_render(&s.diags.data[0], &out);
  CHECK_EQ_STR(out.data, "k.ptx:2:18: error: operand '%f1' is .f32\n"
                         "        add.u32 %r3, %f1, %r2;\n"
                         "                     ^~~\n");
  strbuf_free(&out);
  diag_fini(&s);
}

TEST(diag_stops_recording_at_limit) {
  DiagSink s;
  diag_init(&s, "f", NULL, 0);
  s.max_errors = 3;
  for (int i = 0; i < 10; i++) diag_report(&s, DIAG_ERROR, (SrcLoc){1, 1, 0}, "e%d", i);
  CHECK(diag_full(&s));
  CHECK_EQ_INT(s.diags.len, 3);
  diag_report(&s, DIAG_WARNING, (SrcLoc){0}, "w");
  CHECK_EQ_INT(s.diags.len, 4);
  diag_fini(&s);
}
