/*
 * case.h - running one attack in one language under one backend (or as the
 * control), capturing everything an oracle needs.
 */
#ifndef SECURER_CONFORM_CASE_H
#define SECURER_CONFORM_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "securer.h"

#define CASE_OUTPUT_MAX (8u << 20)

struct case_spec {
	securer_backend backend;
	const securer_policy *policy; /* its timeout is the run's deadline */
	const char *const *argv;
	char *const *env;          /* the caller environment */
	bool sample;               /* count processes and watch memory */
	long long memory_floor_kb; /* host health floor while sampling */
};

struct case_out {
	int start_rc;
	char msg[1024]; /* the library's message on failure */
	int wait_rc;
	securer_status st;
	char *out; /* stdout and stderr, interleaved */
	size_t out_len;
	int64_t elapsed_ms; /* start to the end of the run */
	int peak_procs;
	bool low_memory;
};

/* Runs the case to its end (killing it at the policy's timeout, or at once
 * when the host's memory runs low).  Returns 0, or -1 when securer could
 * not start it (out->start_rc and out->msg say why). */
int case_run(const struct case_spec *spec, struct case_out *out);
void case_out_release(struct case_out *out);

#endif
