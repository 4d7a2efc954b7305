/* sh_runtime.c - placeholder until the sh runtime lands. */
#include <stdio.h>

#include "sh_runtime.h"

int sh_runtime_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "securer: the sh runtime is not built yet\n");
	return 125;
}

int sh_tool_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 125;
}
