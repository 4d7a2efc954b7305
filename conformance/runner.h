/*
 * runner.h - `securer conform`: every attack of the corpus, in every
 * language it is written in, first unconfined (the control, which proves the
 * attack works and its oracle fires) and then under each backend.
 */
#ifndef SECURER_CONFORM_RUNNER_H
#define SECURER_CONFORM_RUNNER_H

#include <stdbool.h>
#include <stdint.h>

#include "corpus.h"
#include "securer.h"

enum outcome {
	OUTCOME_BLOCKED,
	OUTCOME_SUCCEEDED,
	OUTCOME_INCONCLUSIVE, /* the control did not show the effect */
	OUTCOME_SKIPPED, /* not run, with a reason; never counts as blocked */
	OUTCOME_ERROR,   /* securer could not run the case */
};

#define MAX_COLUMNS 8

/* A column of the matrix: the control or a backend. */
struct column {
	char name[32];
	securer_backend backend;
	bool control;
	bool sandbox; /* false for none: labelled "unsandboxed" */
	bool usable;
	char reason[512]; /* why not usable */
};

struct result {
	const struct attack *attack;
	enum lang lang;
	int column;
	enum outcome outcome;
	unsigned fired; /* enum oracle bits that fired */
	char evidence[768];
	int64_t ms;
};

const char *outcome_name(enum outcome o);

int conform_main(int argc, char **argv);

#endif
