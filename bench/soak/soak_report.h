/*
 * soak_report.h - what a soak prints: a progress line per sample, then the
 * table of samples, the slopes and the verdict; and the same as JSON
 * (schema securer.soak/1, described in docs/bench.md).
 */
#ifndef SECURER_SOAK_REPORT_H
#define SECURER_SOAK_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "soak.h"
#include "soak_verdict.h"

#define SOAK_MAX_CASES     16
#define SOAK_KEPT_FAILURES 20
#define SOAK_FAILURE_MAX   640

struct soak_summary {
	const struct soak_opts *opts;
	double seconds; /* the executes ran this long */
	uint64_t executes;
	uint64_t by_case[SOAK_MAX_CASES];
	uint64_t failures; /* results that were wrong or lost */
	/* The first SOAK_KEPT_FAILURES of them. */
	const char (*failure)[SOAK_FAILURE_MAX];
	size_t kept;
	uint64_t leaked; /* by a self-test */
	long leak_every; /* its rate: one per this many executes */
	const struct soak_series *samples;
	const struct soak_verdict *verdict;
	const char *reasons; /* lines, each a check that failed */
	int status;          /* enum soak_status */
};

void soak_report_progress(FILE *out, const struct soak_sample *x,
                          uint64_t failures);
void soak_report_text(FILE *out, const struct soak_summary *s);
/* 0, or a negative errno when |path| cannot be written. */
int soak_report_json(const char *path, const struct soak_summary *s);

#endif
