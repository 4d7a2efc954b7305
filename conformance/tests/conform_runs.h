/*
 * conform_runs.h - the fixture shared by the tests of the conformance
 * reports (test_conform_report.c, test_conform_md.c,
 * test_conform_baseline.c, test_conform_write.c): a synthetic run held in
 * memory (several attacks, languages and modes, the columns control, none,
 * bwrap and external:x, every outcome and verdict, evidence with quotes,
 * line ends, markup characters, a control character and invalid UTF-8),
 * and helpers to write its reports and read them back.
 *
 * XML well-formedness and strict UTF-8 are checked by python3 (minidom,
 * json), a parser that owes nothing to the code under test.
 */
#ifndef SECURER_TEST_CONFORM_RUNS_H
#define SECURER_TEST_CONFORM_RUNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "report.h"

#define B  OUTCOME_BLOCKED
#define S  OUTCOME_SUCCEEDED
#define I  OUTCOME_INCONCLUSIVE
#define K  OUTCOME_SKIPPED
#define E  OUTCOME_ERROR
#define OK VERDICT_OK
#define RG VERDICT_REGRESSION
#define FX VERDICT_FIXED
#define UX VERDICT_UNEXPECTED
#define UL VERDICT_UNLISTED

#define TOKEN  ORACLE_BIT(ORACLE_TOKEN)
#define TCP    ORACLE_BIT(ORACLE_TCP)
#define PROCS  ORACLE_BIT(ORACLE_PROCS)
#define N_COLS 4

/* An attack's output: quotes, a line end, markup, invalid UTF-8 (\xff\xfe)
 * and a control character (\x01). */
#define EVIL "token: \"AKIA\" found\nline two <&> 'q' \xff\xfe bad \x01 ctl"
#define EVIL_JSON                                                              \
	"\"token: \\\"AKIA\\\" found\\nline two <&> 'q' \\ufffd\\ufffd bad "   \
	"\\ufffd ctl\""
#define REASON "conformance/expect/linux: the host home is not mounted"

struct cell {
	enum outcome out, exp;
	enum verdict v;
	uint64_t fired;
	const char *ev;
};

struct row {
	int attack;
	enum lang lang;
	enum mode mode;
	struct cell c[N_COLS]; /* control, none, bwrap, external:x */
};

/* 6 rows x 3 backends = 18 cases: 15 effect, 3 surface. */
#define N_BASE ((size_t)6)
extern const struct row base_rows[N_BASE];

/* A run of |n| rows of |rows|; free with free_run(). */
void build_run(struct run *run, const struct row *rows, size_t n, bool ci,
               int exit_status);
void free_run(struct run *run);

/* "|dir|/|name|", malloc'd. */
char *path_in(const char *dir, const char *name);
/* The contents of |dir|/|name|, malloc'd; asserts it is not empty. */
char *slurp(const char *dir, const char *name);
/* report_write into |dir|, asserting it succeeds. */
void write_ok(const struct run *run, const char *dir, const char *baseline);

/* Runs the python3 checker on |dir|/|name| in |mode| ("utf8", "json",
 * "counts", "case", "baseline"; |extra|: more arguments, already quoted)
 * and asserts it exits 0 and prints |want|. */
void assert_py(const char *dir, const char *name, const char *mode,
               const char *extra, const char *want);

/* report.json: the value at a dotted path ("summary.backends.bwrap.effect"),
 * failing when there is none; as a number; as a string. */
const cJSON *jget(const cJSON *v, const char *path);
double jnum(const cJSON *v, const char *path);
const char *jstr(const cJSON *v, const char *path);
/* The case of |doc| with key |key|, failing when there is none. */
const cJSON *case_by_key(const cJSON *doc, const char *key);
/* |dir|/report.json, parsed by cJSON and checked by python3's json. */
cJSON *load_json(const char *dir);

/* Asserts that |md| holds each of |want| (NULL-terminated), in order. */
void assert_in_order(const char *md, const char *const *want);
/* Asserts the names of the entries of |dir|, sorted, one per line. */
void assert_entries(const char *dir, const char *want);

#endif
