/*
 * report_int.h - what the three report writers share: the run seen as a
 * list of cases (every cell of a backend column, in the run's order), the
 * counts, the diff against a baseline, and the text escapers.  Private to
 * report*.c.
 */
#ifndef SECURER_CONFORM_REPORT_INT_H
#define SECURER_CONFORM_REPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"

#define REPORT_SCHEMA "securer.conform/1"

/* How many entries of a list summary.md shows before "and N more". */
#define REPORT_MD_LIST_MAX 20

/* A case against the baseline. */
enum change {
	CHANGE_NONE,       /* same outcome, or no baseline */
	CHANGE_REGRESSION, /* was blocked, now succeeded; was works, now
	                    * broken */
	CHANGE_FIX,        /* was succeeded, now blocked; broken to works */
	CHANGE_NEW,        /* its key is not in the baseline */
	CHANGE_REMOVED,    /* in the baseline only (struct old_case) */
	CHANGE_CHANGED,    /* any other change of outcome */
	CHANGE_COUNT,
};

enum kind { KIND_EFFECT, KIND_SURFACE, KIND_WORKLOAD, KIND_COUNT };

/* One cell of a backend column: what report.json calls a case. */
struct report_case {
	const struct result *r;
	const struct result *ctl; /* the row's control cell; NULL without one */
	const struct column *col;
	enum kind kind;
	char runtime[32];   /* runtime_label() */
	char key[160];      /* "attack/runtime/backend" */
	enum change change; /* CHANGE_NONE without a baseline */
	const char *before; /* the baseline's outcome; NULL when new or
	                     * without a baseline.  Owned by the
	                     * baseline. */
};

/* A case of the baseline; its strings point into the parsed document. */
struct old_case {
	const char *attack, *runtime, *backend, *outcome;
	char *key;
	bool matched; /* a case of this run has its key */
};

struct baseline {
	char *file;            /* the path given, as given */
	struct cJSON *doc;     /* owns every string below */
	const char *generated; /* NULL when the baseline has none */
	struct old_case *old;  /* in the baseline's order */
	size_t n_old;
	struct old_case **sorted; /* by key */
	size_t count[CHANGE_COUNT];
};

struct tally {
	size_t cases;
	size_t outcome[OUTCOME_COUNT];
	size_t verdict[VERDICT_COUNT];
};

struct report {
	const struct run *run;
	struct report_case *cases; /* in the run's result order */
	size_t n_cases;
	int control; /* the control column, -1 when none */
	struct tally col[MAX_COLUMNS][KIND_COUNT]; /* control column included */
	struct tally all[KIND_COUNT];              /* every backend column */
	size_t inconclusive_controls;              /* control cells */
	const struct baseline *base;               /* NULL without one */
};

/* The writers: 0, or -1 with the reason in |err|.  Write errors of |f| are
 * the caller's to detect (ferror). */
int report_json(FILE *f, const struct report *rp, char *err, size_t err_size);
int report_junit(FILE *f, const struct report *rp, char *err, size_t err_size);
int report_md(FILE *f, const struct report *rp, char *err, size_t err_size);

/* report_baseline.c.  Loads and checks |path| (an earlier report.json):
 * 0, or -1 with the reason in |err|; |b| needs baseline_release() either
 * way. */
int baseline_load(struct baseline *b, const char *path, char *err,
                  size_t err_size);
/* Matches the cases of |rp| (filling their change and before) against |b|
 * and counts the changes. */
void baseline_diff(struct baseline *b, struct report *rp);
void baseline_release(struct baseline *b);
const char *change_name(enum change c);

/* Formats the reason into |err| (cut short if need be); returns -1. */
int report_fail(char *err, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* report_text.c: every string of the run is bounded by its array (|max|
 * bytes, NUL or not) and may hold any bytes. */

/* Decodes one code point of |s| (|len| > 0 bytes): returns the bytes it
 * took, with U+FFFD in |cp| for a byte that does not start a well-formed
 * UTF-8 sequence (overlong, surrogate, past U+10FFFF, cut short). */
size_t text_decode(const char *s, size_t len, uint32_t *cp);
/* A malloc'd copy of |s| that is valid UTF-8 (U+FFFD for each bad byte);
 * NULL when out of memory. */
char *text_clean(const char *s, size_t max);
/* |s| as XML 1.0 character data or attribute value: the five special
 * characters as references, tabs and line ends as character references,
 * any character XML 1.0 forbids (controls, U+FFFE, U+FFFF) and invalid
 * UTF-8 as U+FFFD. */
void text_xml(FILE *f, const char *s, size_t max);
/* |s| as inline Markdown text on one line, at most |limit| characters
 * (then "…"): markup characters backslash-escaped, line ends as " ↵ ",
 * controls and invalid UTF-8 as U+FFFD. */
void text_md(FILE *f, const char *s, size_t max, size_t limit);

/* The oracles of |fired| separated by |sep| into |buf|; unknown bits as
 * "bitN". */
const char *report_oracles(uint64_t fired, const char *sep, char *buf,
                           size_t size);
/* "control", "sandbox" or "unsandboxed". */
const char *report_label(const struct column *c);

#endif
