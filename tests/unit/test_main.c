/* Runner for the TEST() cases linked into one unit-test binary. Optional argv[1] filters
 * tests by substring. */
#include "test.h"

#include <stdlib.h>

static TestCase *test_head, **test_tail = &test_head;
int test_failures_in_current;

void test_register(TestCase *tc) {
  *test_tail = tc;
  test_tail = &tc->next;
}

int main(int argc, char **argv) {
  int passed = 0, failed = 0;
  for (TestCase *tc = test_head; tc; tc = tc->next) {
    if (argc > 1 && !strstr(tc->name, argv[1])) continue;
    test_failures_in_current = 0;
    tc->fn();
    if (test_failures_in_current) {
      fprintf(stderr, "FAIL %s\n", tc->name);
      failed++;
    } else {
      passed++;
    }
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
