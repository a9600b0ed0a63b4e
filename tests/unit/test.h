/* A tiny unit-test harness: TEST(name) { CHECK(...); } in any number of files linked with
 * test_main.c; each test runs in order and the runner prints "N passed, N failed". */
#ifndef PTXVM_TEST_H
#define PTXVM_TEST_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef struct TestCase {
  const char *name;
  void (*fn)(void);
  struct TestCase *next;
} TestCase;

void test_register(TestCase *tc);
extern int test_failures_in_current;

#define TEST(name)                                                                        \
  static void test_##name(void);                                                          \
  static TestCase test_case_##name = {#name, test_##name, 0};                             \
  __attribute__((constructor)) static void test_reg_##name(void) {                        \
    test_register(&test_case_##name);                                                     \
  }                                                                                       \
  static void test_##name(void)

#define CHECK(cond)                                                                       \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      fprintf(stderr, "  %s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);          \
      test_failures_in_current++;                                                         \
    }                                                                                     \
  } while (0)

#define CHECK_EQ_INT(a, b)                                                                \
  do {                                                                                    \
    long long va_ = (long long)(a), vb_ = (long long)(b);                                 \
    if (va_ != vb_) {                                                                     \
      fprintf(stderr, "  %s:%d: CHECK failed: %s == %s (%lld vs %lld)\n", __FILE__,       \
              __LINE__, #a, #b, va_, vb_);                                                \
      test_failures_in_current++;                                                         \
    }                                                                                     \
  } while (0)

#define CHECK_EQ_STR(a, b)                                                                \
  do {                                                                                    \
    const char *sa_ = (a), *sb_ = (b);                                                    \
    if (!sa_ || !sb_ || strcmp(sa_, sb_) != 0) {                                          \
      fprintf(stderr, "  %s:%d: CHECK failed: %s == %s (\"%s\" vs \"%s\")\n", __FILE__,   \
              __LINE__, #a, #b, sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)");              \
      test_failures_in_current++;                                                         \
    }                                                                                     \
  } while (0)

#endif
