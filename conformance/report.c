/*
 * report.c - report_write(): checks the run's shape, builds the view the
 * three writers share (cases, counts, the diff against a baseline), and
 * writes the files so that a reader never sees half of one: all three are
 * written to NAME.tmp first, and renamed only when all three are complete.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "report.h"
#include "report_int.h"

struct output {
	const char *name;
	int (*write)(FILE *f, const struct report *rp, char *err,
	             size_t err_size);
	char path[PATH_MAX];
	char tmp[PATH_MAX];
	bool made; /* tmp exists */
};

int report_fail(char *err, size_t size, const char *format, ...)
{
	va_list ap;

	if (err && size) {
		va_start(ap, format);
		vsnprintf(err, size, format, ap);
		va_end(ap);
	}
	return -1;
}

static int check_columns(const struct run *run, int *control, char *err,
                         size_t size)
{
	*control = -1;
	if (run->n_cols < 1 || run->n_cols > MAX_COLUMNS)
		return report_fail(err, size,
		                   "the run has %d columns (1 to %d)",
		                   run->n_cols, MAX_COLUMNS);
	for (int c = 0; c < run->n_cols; c++) {
		const char *name = run->cols[c].name;
		size_t len = strnlen(name, sizeof(run->cols[c].name));

		if (len == 0 || len == sizeof(run->cols[c].name))
			return report_fail(
			    err, size, "column %d has no (NUL-terminated) name",
			    c);
		for (int d = 0; d < c; d++)
			if (strcmp(run->cols[d].name, name) == 0)
				return report_fail(err, size,
				                   "two columns are named '%s'",
				                   name);
		if (run->cols[c].control && *control >= 0)
			return report_fail(
			    err, size,
			    "columns '%s' and '%s' are both controls",
			    run->cols[*control].name, name);
		if (run->cols[c].control)
			*control = c;
	}
	return 0;
}

static int check_cell(const struct run *run, size_t i, char *err, size_t size)
{
	const struct result *r = &run->results[i];
	const struct result *first = &run->results[i - i % (size_t)run->n_cols];
	int col = (int)(i % (size_t)run->n_cols);

	if (!r->attack)
		return report_fail(err, size, "result %zu has no attack", i);
	if (!memchr(r->attack->id, '\0', sizeof(r->attack->id)) ||
	    !r->attack->id[0])
		return report_fail(err, size,
		                   "result %zu: the attack has no id", i);
	if (r->column != col)
		return report_fail(
		    err, size,
		    "result %zu (%s) is in column %d, not %d: a row "
		    "holds one cell per column, in column order",
		    i, r->attack->id, r->column, col);
	if (r->attack != first->attack || r->lang != first->lang ||
	    r->mode != first->mode)
		return report_fail(
		    err, size,
		    "result %zu (%s) is not of its row's attack, "
		    "language and mode",
		    i, r->attack->id);
	if ((unsigned)r->lang >= LANG_COUNT ||
	    (unsigned)r->mode >= MODE_COUNT ||
	    (unsigned)r->outcome >= OUTCOME_COUNT)
		return report_fail(
		    err, size,
		    "result %zu (%s): language, mode or outcome out of "
		    "range",
		    i, r->attack->id);
	if (!run->cols[col].control &&
	    ((unsigned)r->expected >= OUTCOME_COUNT ||
	     (unsigned)r->verdict >= VERDICT_COUNT))
		return report_fail(
		    err, size,
		    "result %zu (%s): expected outcome or verdict out "
		    "of range",
		    i, r->attack->id);
	return 0;
}

static int check_run(const struct run *run, int *control, char *err,
                     size_t size)
{
	if (check_columns(run, control, err, size) < 0)
		return -1;
	if (run->n_results && !run->results)
		return report_fail(err, size,
		                   "the run has %zu results and no array",
		                   run->n_results);
	if (run->n_results % (size_t)run->n_cols)
		return report_fail(
		    err, size,
		    "the run has %zu results, not a whole number of "
		    "rows of %d columns",
		    run->n_results, run->n_cols);
	for (size_t i = 0; i < run->n_results; i++)
		if (check_cell(run, i, err, size) < 0)
			return -1;
	return 0;
}

static void count(struct tally *t, const struct result *r, bool verdict)
{
	t->cases++;
	t->outcome[r->outcome]++;
	if (verdict)
		t->verdict[r->verdict]++;
}

static int by_key(const void *a, const void *b)
{
	const struct report_case *const *x = a, *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

/* Keys identify cases across runs: two cases with one key would make any
 * baseline diff against this report ambiguous. */
static int check_keys(const struct report *rp, char *err, size_t size)
{
	const struct report_case **v;
	int rc = 0;

	if (rp->n_cases < 2)
		return 0;
	v = malloc(rp->n_cases * sizeof(*v));
	if (!v)
		return report_fail(err, size, "out of memory");
	for (size_t i = 0; i < rp->n_cases; i++)
		v[i] = &rp->cases[i];
	qsort(v, rp->n_cases, sizeof(*v), by_key);
	for (size_t i = 1; i < rp->n_cases && rc == 0; i++)
		if (strcmp(v[i - 1]->key, v[i]->key) == 0)
			rc = report_fail(err, size,
			                 "two cases have the key '%s'",
			                 v[i]->key);
	free(v);
	return rc;
}

static int build(struct report *rp, const struct run *run, char *err,
                 size_t size)
{
	size_t n_cols = (size_t)run->n_cols;

	rp->run = run;
	rp->cases = calloc(run->n_results + 1, sizeof(*rp->cases));
	if (!rp->cases)
		return report_fail(err, size, "out of memory");
	for (size_t i = 0; i < run->n_results; i++) {
		const struct result *r = &run->results[i];
		struct report_case *k = &rp->cases[rp->n_cases];
		enum kind kind = r->attack->workload  ? KIND_WORKLOAD
		                 : r->attack->surface ? KIND_SURFACE
		                                      : KIND_EFFECT;

		if (r->column == rp->control) {
			count(&rp->col[r->column][kind], r, false);
			rp->inconclusive_controls +=
			    r->outcome == OUTCOME_INCONCLUSIVE;
			continue;
		}
		count(&rp->col[r->column][kind], r, true);
		count(&rp->all[kind], r, true);
		k->r = r;
		k->col = &run->cols[r->column];
		k->kind = kind;
		if (rp->control >= 0)
			k->ctl =
			    &run->results[i - i % n_cols + (size_t)rp->control];
		runtime_label(r->lang, r->mode, k->runtime, sizeof(k->runtime));
		if (fmt(k->key, sizeof(k->key), "%s/%s/%s", r->attack->id,
		        k->runtime, k->col->name) < 0)
			return report_fail(
			    err, size, "the key of result %zu is too long", i);
		rp->n_cases++;
	}
	return check_keys(rp, err, size);
}

static int make_dirs(const char *dir, char *err, size_t size)
{
	char path[PATH_MAX];
	struct stat st;

	if (fmt(path, sizeof(path), "%s", dir) < 0)
		return report_fail(err, size, "report directory name too long");
	for (char *p = path + 1;; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST)
			return report_fail(err, size,
			                   "cannot create directory '%s': %s",
			                   path, strerror(errno));
		*p = c;
		if (!c)
			break;
	}
	if (stat(dir, &st) < 0)
		return report_fail(err, size, "cannot use directory '%s': %s",
		                   dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return report_fail(err, size, "'%s' is not a directory", dir);
	return 0;
}

static int finish(FILE *f, const char *tmp, int rc, char *err, size_t size)
{
	int e = 0;

	if (rc == 0) {
		if (fflush(f) != 0)
			e = errno;
		else if (ferror(f))
			e = EIO;
		else if (fsync(fileno(f)) < 0)
			e = errno;
	}
	if (fclose(f) != 0 && rc == 0 && !e)
		e = errno;
	if (e)
		return report_fail(err, size, "cannot write '%s': %s", tmp,
		                   strerror(e));
	return rc;
}

static int write_tmp(struct output *o, const char *dir, const struct report *rp,
                     char *err, size_t size)
{
	FILE *f;
	int fd;

	if (fmt(o->path, sizeof(o->path), "%s/%s", dir, o->name) < 0 ||
	    fmt(o->tmp, sizeof(o->tmp), "%s.tmp", o->path) < 0)
		return report_fail(err, size,
		                   "the path of %s in '%s' is too long",
		                   o->name, dir);
	fd = open(o->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return report_fail(err, size, "cannot create '%s': %s", o->tmp,
		                   strerror(errno));
	o->made = true;
	f = fdopen(fd, "w");
	if (!f) {
		int e = errno;

		close(fd);
		return report_fail(err, size, "cannot write '%s': %s", o->tmp,
		                   strerror(e));
	}
	return finish(f, o->tmp, o->write(f, rp, err, size), err, size);
}

static int write_all(const char *dir, const struct report *rp, char *err,
                     size_t size)
{
	struct output out[] = {
	    {.name = "report.json", .write = report_json},
	    {.name = "report.xml", .write = report_junit},
	    {.name = "summary.md", .write = report_md},
	};
	size_t n = sizeof(out) / sizeof(out[0]);
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++)
		rc = write_tmp(&out[i], dir, rp, err, size);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (rename(out[i].tmp, out[i].path) < 0)
			rc = report_fail(
			    err, size, "cannot rename '%s' to '%s': %s",
			    out[i].tmp, out[i].path, strerror(errno));
		else
			out[i].made = false;
	}
	for (size_t i = 0; i < n; i++)
		if (out[i].made)
			unlink(out[i].tmp);
	return rc;
}

int report_write(const struct run *run, const char *dir, const char *baseline,
                 char *err, size_t err_size)
{
	struct report rp;
	struct baseline base;
	int rc = -1;

	memset(&rp, 0, sizeof(rp));
	memset(&base, 0, sizeof(base));
	if (!run || !dir || !*dir)
		return report_fail(err, err_size,
		                   "no run or no report directory");
	if (check_run(run, &rp.control, err, err_size) < 0 ||
	    build(&rp, run, err, err_size) < 0)
		goto out;
	if (baseline) {
		if (baseline_load(&base, baseline, err, err_size) < 0)
			goto out;
		baseline_diff(&base, &rp);
		rp.base = &base;
	}
	if (make_dirs(dir, err, err_size) == 0)
		rc = write_all(dir, &rp, err, err_size);
out:
	baseline_release(&base);
	free(rp.cases);
	return rc;
}
