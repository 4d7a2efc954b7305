/*
 * cmd_bench.c - `securer bench`: the benchmarks live in bench/; this file
 * only hands over.
 */
#include "bench.h"
#include "commands.h"

int cmd_bench(int argc, char **argv)
{
	return bench_main(argc, argv);
}
