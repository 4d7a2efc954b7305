/*
 * commands.h - the subcommands of `securer`, each in its own file.  Each
 * takes argv with argv[0] = the subcommand name and returns the exit status.
 */
#ifndef SECURER_CLI_COMMANDS_H
#define SECURER_CLI_COMMANDS_H

#include "exit_status.h"

int cmd_exec(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_conform(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_tools(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_mcp(int argc, char **argv);

#endif
