/*
 * main.c - `securer`: dispatch to a subcommand.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "opt.h"
#include "securer.h"

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *help;
} commands[] = {
    {"exec", cmd_exec, "run a command confined"},
    {"run", cmd_run, "execute code in a sandboxed session, with tools"},
    {"serve", cmd_serve, "a persistent session driven by JSON lines"},
    {"mcp", cmd_mcp,
     "sandboxed sessions as a Model Context Protocol server (stdio)"},
    {"tools", cmd_tools, "tool definitions for LLM APIs (tools schema)"},
    {"doctor", cmd_doctor, "what this machine offers a sandbox"},
    {"conform", cmd_conform, "run the attack corpus against every backend"},
    {"bench", cmd_bench,
     "latency of sessions and tool calls, beside their floors"},
    {"policy", cmd_policy,
     "print the effective policy; export its seccomp filter"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: securer COMMAND [OPTIONS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name,
		        commands[i].help);
	fprintf(out, "\n`securer COMMAND --help` describes each one.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CLI_EXIT_CANNOT_RUN;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("securer %s\n", securer_version());
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	cli_error("unknown command '%s' (see securer --help)", argv[1]);
	return CLI_EXIT_CANNOT_RUN;
}
