/*
 * workload_judge.h - a workload's run judged from outside (docs/workloads.md):
 * what it printed as result lines ("@@ " at the start of a line), how it
 * ended, and the file it wrote, against the same workload unconfined (its
 * control).  Never by the attacks' oracles: a workload is judged on what a
 * user would check.
 */
#ifndef SECURER_CONFORM_WORKLOAD_JUDGE_H
#define SECURER_CONFORM_WORKLOAD_JUDGE_H

#include <stdbool.h>
#include <stddef.h>

#include "case.h"
#include "corpus.h"
#include "model.h"

#define WL_MARK     "@@ "
#define WL_DONE     "@@ done"
#define WL_FILE_MAX (16u << 20)
#define WL_EVIDENCE 1024

/* What a run of a workload showed. */
struct wl_capture {
	bool ended_ok;        /* exit 0, or an execute without error */
	bool harness_stopped; /* stopped for the host's memory: no verdict */
	char ending[160];     /* how it ended, in words */
	char *lines;          /* its result lines, each ending in '\n' */
	size_t n_lines;
	bool file_found; /* the workload's output_file, when it has one */
	char *file;
	size_t file_len;
	unsigned png_w, png_h; /* compare "png": the image's size */
	char excerpt[480]; /* the end of what it printed, result lines out */
	char last[200];    /* its last line that says something (an error
	                    * message, most often) */
};

/* Fills |c| from a finished run (|rc|: case_run's) of |a|, reading
 * |work|/<output_file>.  0, or -1 when out of memory. */
int wl_capture(const struct attack *a, int rc, const struct case_out *o,
               const char *work, struct wl_capture *c);
void wl_capture_release(struct wl_capture *c);

/* The control: true when it shows what a judgement needs (it ended well,
 * printed "@@ done" last, and wrote its file); otherwise why not in |ev|
 * (the control is then inconclusive). */
bool wl_control_ok(const struct attack *a, const struct wl_capture *ctl,
                   char *ev, size_t size);

/* A backend's run against the control's: OUTCOME_WORKS, or
 * OUTCOME_BROKEN with the evidence (how it ended, the first difference,
 * the end of its output) in |ev|; OUTCOME_INCONCLUSIVE when the harness
 * stopped the run itself (the host's available memory ran low). */
enum outcome wl_judge(const struct attack *a, const struct wl_capture *ctl,
                      const struct wl_capture *run, char *ev, size_t size);

#endif
