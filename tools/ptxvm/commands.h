/* The ptxvm command's subcommands, one file each (cmd_<name>.c). */
#ifndef PTXVM_COMMANDS_H
#define PTXVM_COMMANDS_H

/* Each returns the process exit status. argv[0] is the subcommand name. */
int cmd_ptx(int argc, char **argv);
int cmd_fatbin(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_info(int argc, char **argv);

#endif
