/*
 * sh_shell.h - the persistent /bin/sh of the sh runtime.
 *
 * The shell reads command lines from a pipe (its stdin) and reports the
 * status of each sourced file on a second pipe, its fd 9, as one line
 * "NONCE STATUS".  The code itself runs with fd 9 closed and stdin from
 * /dev/null; tool commands it runs talk to the host over fds 3 and 4, and
 * tool functions in the shell itself to the driver over fds 7 and 8
 * (sh_fast.c).
 */
#ifndef SECURER_SH_SHELL_H
#define SECURER_SH_SHELL_H

#include <sys/types.h>

struct sh_fast;

struct sh_shell {
	pid_t pid;     /* -1 when no shell runs */
	int pidfd;     /* readable once the shell exits; -1 if unsupported */
	int in_fd;     /* write end of the shell's stdin, non-blocking */
	int status_fd; /* read end of the shell's fd 9, non-blocking */
	int req_fd;    /* read end of the shell's fd 7 (sh_fast.c) */
	int rep_fd;    /* write end of the shell's fd 8, non-blocking */
	/* serves the calls on req_fd while code runs; set by the driver,
	 * kept by sh_shell_init */
	struct sh_fast *fast;
};

enum sh_outcome {
	SH_DONE,      /* the file ran; status is its exit status */
	SH_DIED,      /* the shell ended; status is its wait status */
	SH_GARBLED,   /* the report was not ours, or the shell stopped
	               * listening; the shell was killed */
	SH_HOST_GONE, /* the host closed fd 3 meanwhile */
	SH_FAILED,    /* the driver could not do its part (see message) */
};

struct sh_run {
	enum sh_outcome outcome;
	int status;
	char msg[256];
};

void sh_shell_init(struct sh_shell *sh);

/* Starts a shell; none may be running.  Returns 0, or -1 with a message
 * in |msg|. */
int sh_shell_start(struct sh_shell *sh, char *msg, size_t size);

/* Kills the shell with SIGKILL and reaps it; nothing when none runs. */
void sh_shell_stop(struct sh_shell *sh);

/* Reaps the shell if it has ended since the last look: returns 1 and its
 * wait status in |*status|, or 0 while it runs (or none does). */
int sh_shell_ended(struct sh_shell *sh, int *status);

/* Has the shell source |path| (a path without single quotes) and waits
 * for its status, watching the shell's life and fd |host_fd| (closing it
 * is the host's way to end the session).  Does not read |host_fd|. */
void sh_shell_source(struct sh_shell *sh, const char *path, int host_fd,
                     void (*meanwhile)(void), struct sh_run *run);

#endif
