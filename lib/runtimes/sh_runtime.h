/*
 * sh_runtime.h - the sh runtime, built into securer-init.
 *
 * securer-init runs it instead of executing a command when the command is
 * SH_RUNTIME_COMMAND: the forked child becomes the driver of a persistent
 * /bin/sh that speaks the session protocol (docs/protocol.md) on fds 3/4.
 * Tools are shell functions that re-execute securer-init as
 * "securer-init --tool NAME SPEC [name=value]...".
 */
#ifndef SECURER_SH_RUNTIME_H
#define SECURER_SH_RUNTIME_H

#define SH_RUNTIME_COMMAND "@securer-sh"

/* The driver; argv[0] is SH_RUNTIME_COMMAND.  Returns the exit status. */
int sh_runtime_main(int argc, char **argv);
/* A tool command; argv[0] is "--tool".  Returns the exit status. */
int sh_tool_main(int argc, char **argv);

struct json_buf;
/* One tool call: argv is NAME SPEC [NAME=VALUE]...; what the command
 * prints goes to |out| and |err|.  Returns the command's exit status
 * (sh_tool.c).  The driver runs it for the shell's in-process calls. */
int sh_tool_run(int argc, char *const *argv, struct json_buf *out,
                struct json_buf *err);

#endif
