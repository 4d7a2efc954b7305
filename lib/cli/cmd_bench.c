/*
 * cmd_bench.c - `securer bench`: its options, parsed into struct
 * bench_opts for the benchmarks (bench/, securer_bench.h).
 */
#include <stdlib.h>

#include "commands.h"
#include "opt.h"
#include "securer.h"
#include "securer_bench.h"

enum { OPT_QUICK = 1, OPT_JSON, OPT_RUNTIME, OPT_N, OPT_OUT };

static const struct cli_opt bench_opts[] = {
    {"quick", 'q', NULL, OPT_QUICK, "fewer samples: a run under 2 minutes"},
    {"json", 0, NULL, OPT_JSON, "print the figures as JSON"},
    {"out", 'o', "DIR", OPT_OUT,
     "write SVG plots (gnuplot) and their data to DIR"},
    {"runtime", 'r', "RT", OPT_RUNTIME, "only this runtime (repeatable)"},
    {"iterations", 'n', "N", OPT_N,
     "samples of the fast figures (default 2000)"},
};

static int on_opt(void *ctx, int id, const char *v)
{
	struct bench_opts *o = ctx;
	securer_runtime rt;

	switch (id) {
	case OPT_QUICK:
		o->quick = true;
		return 0;
	case OPT_JSON:
		o->json = true;
		return 0;
	case OPT_OUT:
		o->out_dir = v;
		return 0;
	case OPT_RUNTIME:
		if (securer_runtime_from_name(v, &rt) < 0) {
			cli_error("unknown runtime '%s'", v);
			return CLI_EXIT_CANNOT_RUN;
		}
		o->runtimes |= 1u << rt;
		return 0;
	case OPT_N:
		o->n = atoi(v);
		if (o->n < 10) {
			cli_error("--iterations: at least 10");
			return CLI_EXIT_CANNOT_RUN;
		}
		return 0;
	}
	return CLI_EXIT_CANNOT_RUN;
}

int cmd_bench(int argc, char **argv)
{
	struct bench_opts o = {0};
	int first, rc;

	rc = cli_parse(argc, argv, bench_opts,
	               sizeof(bench_opts) / sizeof(bench_opts[0]), on_opt, &o,
	               "securer bench [OPTIONS]", &first);
	if (rc)
		return rc < 0 ? 0 : rc;
	return bench_run(&o);
}
