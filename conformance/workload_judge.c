/*
 * workload_judge.c - a workload's run against its control (workload_judge.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "workload_judge.h"

static bool is_png(const struct attack *a)
{
	return !strcmp(a->compare, "png");
}

/* The last line of |text| that says something: not blank, not a session
 * part's label ("--- stderr ---"), not a null value. */
static void last_said(const char *text, char *buf, size_t size)
{
	const char *end = text + strlen(text);

	buf[0] = '\0';
	while (end > text) {
		const char *start = end;
		size_t len;

		while (start > text && start[-1] != '\n')
			start--;
		len = (size_t)(end - start);
		while (len && (start[len - 1] == '\n' || start[len - 1] == ' '))
			len--;
		if (len && strncmp(start, "--- ", 4) &&
		    !(len == 4 && !strncmp(start, "null", 4))) {
			snprintf(buf, size, "%.*s", (int)len, start);
			return;
		}
		end = start > text ? start - 1 : text;
	}
}

/* The result lines of |out|, in order; the rest's end as the excerpt. */
static int split(const struct case_out *o, struct wl_capture *c)
{
	size_t cap = 256, n = 0, rest = 0;
	char *lines = malloc(cap), *other = malloc(o->out_len + 1);
	const char *p = o->out, *end = o->out + o->out_len;

	if (!lines || !other) {
		free(lines);
		free(other);
		return -1;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (len >= strlen(WL_MARK) &&
		    !memcmp(p, WL_MARK, strlen(WL_MARK))) {
			if (n + len + 2 > cap) {
				char *grown;

				while (n + len + 2 > cap)
					cap *= 2;
				if (!(grown = realloc(lines, cap))) {
					free(lines);
					free(other);
					return -1;
				}
				lines = grown;
			}
			memcpy(lines + n, p, len);
			n += len;
			lines[n++] = '\n';
			c->n_lines++;
		} else {
			memcpy(other + rest, p, len);
			rest += len;
			if (nl)
				other[rest++] = '\n';
		}
		p += len + (nl ? 1 : 0);
	}
	lines[n] = '\0';
	other[rest] = '\0';
	c->lines = lines;
	{
		size_t keep = sizeof(c->excerpt) - 1;
		const char *from = rest > keep ? other + rest - keep : other;

		while (*from == '\n')
			from++;
		snprintf(c->excerpt, sizeof(c->excerpt), "%s", from);
	}
	last_said(other, c->last, sizeof(c->last));
	free(other);
	return 0;
}

static void read_file(const struct attack *a, const char *work,
                      struct wl_capture *c)
{
	char path[PATH_MAX];
	FILE *f;
	long n;

	if (!a->output_file[0] ||
	    fmt(path, sizeof(path), "%s/%s", work, a->output_file) < 0 ||
	    !(f = fopen(path, "rb")))
		return;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    (size_t)n <= WL_FILE_MAX && fseek(f, 0, SEEK_SET) == 0 &&
	    (c->file = malloc((size_t)n + 1)) &&
	    fread(c->file, 1, (size_t)n, f) == (size_t)n) {
		c->file_found = true;
		c->file_len = (size_t)n;
		c->file[n] = '\0';
	}
	fclose(f);
	if (c->file_found && is_png(a) && c->file_len >= 24 &&
	    !memcmp(c->file, "\x89PNG\r\n\x1a\n", 8) &&
	    !memcmp(c->file + 12, "IHDR", 4)) {
		const unsigned char *u = (const unsigned char *)c->file;

		c->png_w = (unsigned)u[16] << 24 | (unsigned)u[17] << 16 |
		           (unsigned)u[18] << 8 | u[19];
		c->png_h = (unsigned)u[20] << 24 | (unsigned)u[21] << 16 |
		           (unsigned)u[22] << 8 | u[23];
	}
}

int wl_capture(const struct attack *a, int rc, const struct case_out *o,
               const char *work, struct wl_capture *c)
{
	memset(c, 0, sizeof(*c));
	if (o->low_memory) {
		/* the harness's own stop (case.h), not the backend's doing */
		c->harness_stopped = true;
		snprintf(c->ending, sizeof(c->ending),
		         "stopped by the harness: the host's available memory "
		         "fell under %lld MiB during the run",
		         CASE_MEMORY_FLOOR_KB / 1024);
	} else if (rc < 0) {
		snprintf(c->ending, sizeof(c->ending),
		         "securer could not run it: %.120s", o->msg);
	} else if (o->timed_out) {
		snprintf(c->ending, sizeof(c->ending),
		         "killed at its timeout (%d s)", a->timeout_ms / 1000);
	} else if (o->error_kind[0]) {
		c->ended_ok = !strcmp(o->error_kind, "none");
		snprintf(c->ending, sizeof(c->ending),
		         "the execute ended with error "
		         "kind %s",
		         o->error_kind);
	} else {
		c->ended_ok = !strcmp(o->ending, "exited 0");
		snprintf(c->ending, sizeof(c->ending), "it %s",
		         o->ending[0] ? o->ending : "ended unseen");
	}
	if (o->out && split(o, c) < 0)
		return -1;
	if (!c->lines && !(c->lines = calloc(1, 1)))
		return -1;
	read_file(a, work, c);
	return 0;
}

void wl_capture_release(struct wl_capture *c)
{
	free(c->lines);
	free(c->file);
	memset(c, 0, sizeof(*c));
}

/* The last result line of |c|, or "". */
static const char *last_line(const struct wl_capture *c, char *buf, size_t size)
{
	size_t n = strlen(c->lines);
	const char *s;

	if (!n)
		return "";
	n--; /* its '\n' */
	s = c->lines + n;
	while (s > c->lines && s[-1] != '\n')
		s--;
	snprintf(buf, size, "%.*s", (int)(c->lines + n - s), s);
	return buf;
}

bool wl_control_ok(const struct attack *a, const struct wl_capture *ctl,
                   char *ev, size_t size)
{
	char last[256];

	if (ctl->harness_stopped)
		snprintf(ev, size, "%s, so nothing can be said of the sandbox",
		         ctl->ending);
	else if (!ctl->ended_ok)
		snprintf(
		    ev, size,
		    "the control failed unconfined (%s), so nothing can be "
		    "said of the sandbox; output: %.600s",
		    ctl->ending, ctl->excerpt);
	else if (strcmp(last_line(ctl, last, sizeof(last)), WL_DONE))
		snprintf(ev, size,
		         "the control did not print \"" WL_DONE "\" last "
		         "(%zu result lines); output: %.600s",
		         ctl->n_lines, ctl->excerpt);
	else if (a->output_file[0] && !ctl->file_found)
		snprintf(ev, size, "the control did not write %s",
		         a->output_file);
	else if (a->output_file[0] && is_png(a) && !ctl->png_w)
		snprintf(ev, size, "the control's %s is not a PNG image",
		         a->output_file);
	else
		return true;
	return false;
}

/* "line N: control 'A', here 'B'" for the first difference. */
static void first_difference(const char *x, const char *y, char *buf,
                             size_t size)
{
	int line = 1;

	while (*x && *y) {
		size_t lx = strcspn(x, "\n"), ly = strcspn(y, "\n");

		if (lx != ly || memcmp(x, y, lx))
			break;
		x += lx + (x[lx] ? 1 : 0);
		y += ly + (y[ly] ? 1 : 0);
		line++;
	}
	snprintf(buf, size, "result line %d: control '%.*s', here '%.*s'", line,
	         (int)(strcspn(x, "\n") > 150 ? 150 : strcspn(x, "\n")), x,
	         (int)(strcspn(y, "\n") > 150 ? 150 : strcspn(y, "\n")), y);
}

enum outcome wl_judge(const struct attack *a, const struct wl_capture *ctl,
                      const struct wl_capture *run, char *ev, size_t size)
{
	char diff[400] = "";

	if (run->harness_stopped) {
		snprintf(ev, size, "%s, so nothing can be said of it",
		         run->ending);
		return OUTCOME_INCONCLUSIVE;
	}
	if (strcmp(ctl->lines, run->lines))
		first_difference(ctl->lines, run->lines, diff, sizeof(diff));
	else if (a->output_file[0] && !run->file_found)
		snprintf(diff, sizeof(diff), "it did not write %s",
		         a->output_file);
	else if (a->output_file[0] && is_png(a) &&
	         (run->png_w != ctl->png_w || run->png_h != ctl->png_h))
		snprintf(diff, sizeof(diff),
		         "%s is %ux%u (a PNG: %s), the control's %ux%u",
		         a->output_file, run->png_w, run->png_h,
		         run->png_w ? "yes" : "no", ctl->png_w, ctl->png_h);
	else if (a->output_file[0] && !is_png(a) &&
	         (run->file_len != ctl->file_len ||
	          memcmp(run->file, ctl->file, ctl->file_len)))
		snprintf(diff, sizeof(diff),
		         "%s differs from the control's (%zu bytes, the "
		         "control's %zu)",
		         a->output_file, run->file_len, ctl->file_len);
	if (run->ended_ok && !diff[0]) {
		snprintf(ev, size, "%zu result lines as the control%s%s",
		         run->n_lines,
		         a->output_file[0] ? ", and the same " : "",
		         a->output_file[0] ? a->output_file : "");
		return OUTCOME_WORKS;
	}
	snprintf(ev, size, "%s%s%s%s%s; output: %.600s",
	         run->ended_ok ? "it ended well" : run->ending,
	         run->last[0] ? ", saying: " : "", run->last,
	         diff[0] ? "; " : "", diff,
	         run->excerpt[0] ? run->excerpt : "(none)");
	return OUTCOME_BROKEN;
}
