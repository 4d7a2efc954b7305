/*
 * init_confine.h - what securer-init itself puts on the command under the
 * landlock backend, where there is no bwrap to do it: in the command's
 * process, after fork and before exec (securer-init, the reaper, stays
 * outside, so the command can neither signal nor trace it).
 *
 *   -N      drop every capability: bounding set, ambient, effective,
 *           permitted, inheritable; as root also the securebits that keep
 *           an exec from granting root's capabilities again
 *   -L FD   enforce the Landlock ruleset FD (built by the library)
 *   -F FD   load the seccomp filter in FD (classic BPF, as bwrap takes it)
 *
 * In this order: capabilities first (capset and prctl are not filtered,
 * but nothing else should run with them), then Landlock, then seccomp last
 * so the filter never sees securer-init's own setup calls.
 */
#ifndef SECURER_INIT_CONFINE_H
#define SECURER_INIT_CONFINE_H

#include <stdbool.h>
#include <stddef.h>

struct confine {
	bool drop_caps;
	int landlock_fd; /* -1: none */
	int bpf_fd;      /* -1: none */
	void *bpf;       /* the filter, read by confine_prepare */
	size_t bpf_len;
};

/* Setup steps reported when applying fails (see securer-init's SETUP_*). */
enum { CONFINE_STEP_CAPS = 6, CONFINE_STEP_LANDLOCK, CONFINE_STEP_SECCOMP };

void confine_init(struct confine *c);
/* Reads the seccomp filter (before fork).  0 or a negative errno. */
int confine_prepare(struct confine *c);
/* In the command's process.  0, or a negative errno and *step. */
int confine_apply(const struct confine *c, int *step);
/* Closes what the reaper keeps of it. */
void confine_release(struct confine *c);

#endif
