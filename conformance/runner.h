/*
 * runner.h - `securer conform`: every attack of the corpus, in every
 * language and mode it is written in, first unconfined (the control, which
 * proves the attack works and its oracle fires) and then under each
 * backend; judged against the expectations; reported.
 */
#ifndef SECURER_CONFORM_RUNNER_H
#define SECURER_CONFORM_RUNNER_H

#include <stdbool.h>

#include "model.h"

/* What --weaken takes away from the backends' policy (self-test). */
enum weaken {
	WEAKEN_HOME = 1 << 0, /* the victim's home bound read-only */
	WEAKEN_NET = 1 << 1,  /* the host's network */
	WEAKEN_ENV = 1 << 2,  /* the caller's environment passed through */
};

struct conform_opts {
	const char *attacks_dir;
	const char *build_dir;
	const char *backends_dir;   /* conformance/backends */
	const char *expect_dir;     /* conformance/expect/linux */
	const char *report_dir;     /* build/report */
	const char *baseline;
	const char *ids;            /* --attacks GLOB[,GLOB] */
	const char *category;
	const char *runtimes;       /* --runtime sh,python-session,... */
	const char *backends[MAX_COLUMNS];
	int n_backends;
	int jobs;
	unsigned weaken;
	bool keep;
	bool verbose;
	bool lint;
	bool bench;                 /* a quick benchmark section in the reports */
};

int conform_main(int argc, char **argv);

#endif
