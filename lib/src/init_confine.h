/*
 * init_confine.h - what securer-init itself puts on the command under the
 * landlock backend, where there is no bwrap to do it: in the command's
 * process, after fork and before exec (securer-init, the reaper, stays
 * outside, so the command can neither signal nor trace it).
 *
 *   -l FD   the confinement arrives on the socket FD, in one message the
 *           library sends once securer-init is started, so that the
 *           library builds it while securer-init starts: the seccomp
 *           filter (classic BPF, as bwrap takes it) as the data, and the
 *           Landlock ruleset as an SCM_RIGHTS fd.  Both are required:
 *           without them nothing runs.
 *
 * Landlock first, seccomp last, so the filter never sees securer-init's own
 * setup calls.  Capabilities are gone before securer-init even starts: the
 * library's spawn child drops them (spawn.c), so the reaper holds none
 * either.
 */
#ifndef SECURER_INIT_CONFINE_H
#define SECURER_INIT_CONFINE_H

#include <stdbool.h>
#include <stddef.h>

struct confine {
	int sock;        /* -l, -1: none */
	int landlock_fd; /* received from it; -1: none */
	void *bpf;       /* the filter, received from it */
	size_t bpf_len;
	/* A spare's filter, already on securer-init itself and so inherited
	 * by the command (init_spare.h): the one received must be the same,
	 * and is not loaded again. */
	const void *loaded;
	size_t loaded_len;
};

void confine_init(struct confine *c);
/* Receives the confinement (before fork), waiting for the library.  0, or
 * a negative errno: -EPIPE when the library closed the socket without
 * sending it (it could not build it), -EBADMSG when the message is not a
 * filter with one fd, or not the filter already loaded. */
int confine_prepare(struct confine *c);
/* In the command's process.  0, or a negative errno and *step (a
 * SECURER__SETUP_* of init_abi.h). */
int confine_apply(const struct confine *c, int *step);
/* Closes what the reaper keeps of it. */
void confine_release(struct confine *c);

#endif
