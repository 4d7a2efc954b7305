/*
 * cmd_conform.c - `securer conform`: its options, parsed into struct
 * conform_opts for the conformance suite (conformance/, securer_conform.h),
 * and --bench composed from the benchmarks (bench/, securer_bench.h): the
 * CLI is the one place that knows both.
 *
 * Exit status: conform_run's (enum conform_status: 0 pass, 1 fail, 125
 * the harness could not run), and 125 for a bad option or operand, as for
 * anything else that stops the harness.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "opt.h"
#include "securer_bench.h"
#include "securer_conform.h"

_Static_assert((int)CONFORM_HARNESS == (int)CLI_EXIT_CANNOT_RUN,
               "securer conform could not run: the status of every command");

enum {
	OPT_BACKEND = 1,
	OPT_RUNTIME,
	OPT_ATTACKS,
	OPT_CATEGORY,
	OPT_JOBS,
	OPT_REPORT_DIR,
	OPT_BASELINE,
	OPT_VERBOSE,
	OPT_KEEP,
	OPT_LINT,
	OPT_WEAKEN,
	OPT_ATTACKS_DIR,
	OPT_WORKLOADS_DIR,
	OPT_BUILD_DIR,
	OPT_BACKENDS_DIR,
	OPT_EXPECT_DIR,
	OPT_BENCH,
};

static const struct cli_opt conform_opts[] = {
    {"backend", 'b', "NAME", OPT_BACKEND,
     "a column: none, bwrap, landlock or external:NAME (repeatable; default: "
     "none, bwrap, and landlock where the kernel has it)"},
    {"runtime", 'r', "LIST", OPT_RUNTIME,
     "only these runtimes: sh, c, python, r, or e.g. python-session"},
    {"attacks", 'a', "GLOB", OPT_ATTACKS,
     "only attacks whose id matches (comma list)"},
    {"category", 'c', "GLOB", OPT_CATEGORY,
     "only attacks of matching categories (comma list)"},
    {"jobs", 'j', "N", OPT_JOBS,
     "light rows run in parallel (default: the number of CPUs plus two; "
     "exclusive ones one at a time)"},
    {"report-dir", 'o', "DIR", OPT_REPORT_DIR,
     "where report.json, report.xml, summary.md go (default: build/report)"},
    {"baseline", 0, "FILE", OPT_BASELINE,
     "an earlier report.json: add regressions, fixes, new and removed cases"},
    {"verbose", 'v', NULL, OPT_VERBOSE, "print the evidence of every case"},
    {"keep", 0, NULL, OPT_KEEP, "keep the cases' directories for inspection"},
    {"bench", 0, NULL, OPT_BENCH,
     "add a quick benchmark per backend to the reports (about 20 s)"},
    {"lint", 0, NULL, OPT_LINT,
     "check the corpus (metadata, sources, expectations) and run nothing"},
    {"weaken", 0, "LIST", OPT_WEAKEN,
     "self-test: weaken the backends' policy (home, net, env); the run must "
     "fail"},
    {"attacks-dir", 0, "DIR", OPT_ATTACKS_DIR, "the corpus (default: attacks)"},
    {"workloads-dir", 0, "DIR", OPT_WORKLOADS_DIR,
     "the workloads, judged beside the attacks (default: "
     "conformance/workloads; \"none\": no workload)"},
    {"build-dir", 0, "DIR", OPT_BUILD_DIR,
     "where the C attacks were built (default: build)"},
    {"backends-dir", 0, "DIR", OPT_BACKENDS_DIR,
     "external backend descriptions (default: conformance/backends)"},
    {"expect-dir", 0, "DIR", OPT_EXPECT_DIR,
     "expectations (default: conformance/expect/linux)"},
};

static int parse_weaken(struct conform_opts *o, const char *list)
{
	char buf[128], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		if (!strcmp(tok, "home"))
			o->weaken |= WEAKEN_HOME;
		else if (!strcmp(tok, "net"))
			o->weaken |= WEAKEN_NET;
		else if (!strcmp(tok, "env"))
			o->weaken |= WEAKEN_ENV;
		else {
			cli_error(
			    "conform: --weaken takes home, net, env (not '%s')",
			    tok);
			return CLI_EXIT_CANNOT_RUN;
		}
	return 0;
}

static int on_opt(void *ctx, int id, const char *v)
{
	struct conform_opts *o = ctx;
	char *end;

	switch (id) {
	case OPT_BACKEND:
		if (o->n_backends == CONFORM_MAX_BACKENDS) {
			cli_error("conform: at most %d backends",
			          CONFORM_MAX_BACKENDS);
			return CLI_EXIT_CANNOT_RUN;
		}
		o->backends[o->n_backends++] = v;
		return 0;
	case OPT_RUNTIME:
		o->runtimes = v;
		return 0;
	case OPT_ATTACKS:
		o->ids = v;
		return 0;
	case OPT_CATEGORY:
		o->category = v;
		return 0;
	case OPT_JOBS:
		o->jobs = (int)strtol(v, &end, 10);
		if (*end || o->jobs < 1 || o->jobs > 64) {
			cli_error("conform: --jobs takes 1 to 64");
			return CLI_EXIT_CANNOT_RUN;
		}
		return 0;
	case OPT_REPORT_DIR:
		o->report_dir = v;
		return 0;
	case OPT_BASELINE:
		o->baseline = v;
		return 0;
	case OPT_VERBOSE:
		o->verbose = true;
		return 0;
	case OPT_KEEP:
		o->keep = true;
		return 0;
	case OPT_LINT:
		o->lint = true;
		return 0;
	case OPT_BENCH:
		o->bench = bench_brief;
		return 0;
	case OPT_WEAKEN:
		return parse_weaken(o, v);
	case OPT_ATTACKS_DIR:
		o->attacks_dir = v;
		return 0;
	case OPT_WORKLOADS_DIR:
		o->workloads_dir = strcmp(v, "none") ? v : NULL;
		return 0;
	case OPT_BUILD_DIR:
		o->build_dir = v;
		return 0;
	case OPT_BACKENDS_DIR:
		o->backends_dir = v;
		return 0;
	case OPT_EXPECT_DIR:
		o->expect_dir = v;
		return 0;
	}
	return CLI_EXIT_CANNOT_RUN;
}

int cmd_conform(int argc, char **argv)
{
	struct conform_opts o;
	int first, rc;

	conform_opts_init(&o);
	rc = cli_parse(argc, argv, conform_opts,
	               sizeof(conform_opts) / sizeof(conform_opts[0]), on_opt,
	               &o, "securer conform [OPTIONS]", &first);
	if (rc != 0)
		return rc < 0 ? 0 : CONFORM_HARNESS;
	if (first < argc) {
		cli_error("conform: unexpected operand '%s'", argv[first]);
		return CONFORM_HARNESS;
	}
	o.argc = argc;
	o.argv = argv;
	return conform_run(&o);
}
