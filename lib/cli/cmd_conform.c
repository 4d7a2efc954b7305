/*
 * cmd_conform.c - `securer conform`: the conformance runner lives in
 * conformance/; this file only hands over.
 */
#include "commands.h"
#include "runner.h"

int cmd_conform(int argc, char **argv)
{
	return conform_main(argc, argv);
}
