/* ptxvm: the command-line front door — inspect PTX and fatbinaries, run CUDA programs on
 * the CPU. Subcommands live in cmd_*.c; one not built yet is weak and reports so. */
#include "commands.h"

#include <stdio.h>
#include <string.h>

#pragma weak cmd_ptx
#pragma weak cmd_fatbin
#pragma weak cmd_run
#pragma weak cmd_info

static const struct {
  const char *name;
  int (*fn)(int, char **);
  const char *usage;
} commands[] = {
    {"ptx", cmd_ptx, "ptx FILE.ptx            parse, verify and print canonical PTX"},
    {"fatbin", cmd_fatbin, "fatbin PROGRAM [--extract DIR]  list (and extract) fatbinary entries"},
    {"run", cmd_run, "run PROGRAM [ARGS...]   run a CUDA program on ptxvm"},
    {"info", cmd_info, "info                    print the device ptxvm presents"},
};

static void usage(FILE *out) {
  fprintf(out, "usage: ptxvm COMMAND [ARGS]\n\nptxvm runs CUDA programs on the CPU.\n\n"
               "commands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(out, "  ptxvm %s\n", commands[i].usage);
  fprintf(out, "  ptxvm --help | --version\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
    usage(stdout);
    return 0;
  }
  if (!strcmp(argv[1], "--version")) {
    printf("ptxvm %s\n", PTXVM_VERSION);
    return 0;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    if (strcmp(argv[1], commands[i].name) != 0) continue;
    if (!commands[i].fn) {
      fprintf(stderr, "ptxvm: '%s' is not built into this ptxvm yet\n", argv[1]);
      return 2;
    }
    return commands[i].fn(argc - 1, argv + 1);
  }
  fprintf(stderr, "ptxvm: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return 2;
}
