/*
 * model.h - what a conformance run produces, shared by the runner and the
 * reports (terminal matrix, report.json, report.xml, summary.md, baseline
 * diff).  Plain data: the runner fills it, the reports only read it.
 */
#ifndef SECURER_CONFORM_MODEL_H
#define SECURER_CONFORM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "corpus.h"
#include "securer_conform.h"

struct cJSON;

enum outcome {
	OUTCOME_BLOCKED,
	OUTCOME_SUCCEEDED,
	OUTCOME_INCONCLUSIVE, /* the control did not show the effect */
	OUTCOME_SKIPPED, /* not run, with a reason; never counts as blocked */
	OUTCOME_ERROR,   /* securer could not run the case */
	/* workloads (docs/workloads.md): */
	OUTCOME_WORKS,  /* the result lines (and file) of its control */
	OUTCOME_BROKEN, /* anything else: ended badly, or a difference */
	OUTCOME_COUNT,
};

/* An outcome against its expectation. */
enum verdict {
	VERDICT_OK,         /* as expected */
	VERDICT_REGRESSION, /* expected blocked, succeeded: a security
	                       regression; a workload expected to work,
	                       broken */
	VERDICT_FIXED,      /* expected to succeed, was blocked: an improvement;
	                       a workload expected broken that works */
	VERDICT_UNEXPECTED, /* any other mismatch (skipped, inconclusive, error)
	                     */
	VERDICT_UNLISTED,   /* no expectation for this attack and backend */
	VERDICT_COUNT,
};

#define MAX_COLUMNS (CONFORM_MAX_BACKENDS + 1) /* the control first */

/* A column of the matrix: the control, or a backend. */
struct column {
	char name[48]; /* "control", "none", "bwrap", "external:firejail" */
	bool control;
	bool sandbox;  /* false for none: labelled "unsandboxed" */
	bool external; /* described by conformance/backends/NAME.json */
	bool usable;
	char reason[512];           /* why not usable */
	int backend;                /* securer_backend for built-in columns */
	const struct external *ext; /* external columns */
};

/* One cell: an attack in one language and mode under one column. */
struct result {
	const struct attack *attack;
	enum lang lang;
	enum mode mode;
	int column;
	enum outcome outcome;
	bool not_applicable; /* skipped: what it attacks is not in this
	                      * kernel (no modules, no TIOCSTI); never a
	                      * failure, even in CI mode */
	uint64_t fired;      /* oracle bits that fired */
	char evidence[1024]; /* what was seen, or why skipped/inconclusive */
	int64_t ms;          /* the run's duration */
	/* filled from the expectations (not for the control) */
	enum outcome expected;
	char expect_reason[256];
	enum verdict verdict;
};

struct run {
	struct result *results; /* row after row: a row is one attack x
	                         * language x mode, n_cols cells */
	size_t n_results;
	struct column cols[MAX_COLUMNS];
	int n_cols;
	const struct attack *attacks;
	size_t n_attacks;
	struct cJSON *machine; /* kernel, arch, uid, distribution, cpus */
	struct cJSON *tools;  /* securer, bwrap, libseccomp, cjson, python, R */
	struct cJSON *policy; /* the default policy backends ran under */
	struct cJSON *bench;  /* --bench: a quick benchmark per backend, or
	                       * NULL (conform_opts.bench) */
	char started[32];     /* ISO 8601 UTC */
	int64_t duration_ms;
	bool ci;         /* SECURER_MUST_WORK=1 */
	int exit_status; /* 0, 1 or 2, decided before the reports */
};

const char *outcome_name(enum outcome o);
const char *verdict_name(enum verdict v);
/* "sh", "c", "python", "r"; with the mode: "python-session". */
const char *runtime_label(enum lang l, enum mode m, char *buf, size_t size);

#endif
