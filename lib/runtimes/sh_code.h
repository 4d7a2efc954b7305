/*
 * sh_code.h - the files the sh driver has the shell source: one new file
 * per execute in a private directory, its bytes checked with "sh -n" first.
 */
#ifndef SECURER_SH_CODE_H
#define SECURER_SH_CODE_H

#include <spawn.h>
#include <stddef.h>
#include <sys/types.h>

#define SH_PATH_MAX 256

/* Paths hold only [A-Za-z0-9/._-], so they need no shell quoting beyond
 * single quotes and cannot break the command line sent to the shell. */
struct sh_code {
	char dir[SH_PATH_MAX - 32]; /* "" until created; room for "/N.sh" */
	unsigned long counter;
};

void sh_code_init(struct sh_code *c);
/* Removes the directory (best effort: the code may have filled it). */
void sh_code_release(struct sh_code *c);

/* Writes |n| bytes of |text| to a new file (0600, O_EXCL) and puts its
 * path in |path|.  The directory is (re)created as needed: the code may
 * have removed it.  Returns 0, or -1 with a message in |msg|. */
int sh_code_write(struct sh_code *c, const char *text, size_t n,
                  char path[SH_PATH_MAX], char *msg, size_t size);

/* Starts the next "/bin/sh -n" ahead of time, if none waits: call it when
 * idle, so that checks cost no fork on an execute's path. */
void sh_code_prepare_check(void);

/* Feeds |n| bytes of |text| to a waiting "/bin/sh -n" (starting one if
 * needed).  Returns 0 when the syntax is valid, 1 for a syntax error, -1
 * when the check could not run; both with a message in |msg|. */
int sh_code_check(const char *text, size_t n, char *msg, size_t size);

#define SH_SHELL "/bin/sh"

/* Spawns SH_SHELL with |argv| and the file actions |fa| (may be NULL),
 * SIGPIPE and SIGXFSZ back to their defaults (the driver ignores them).
 * Returns 0 and the pid in |*pid|, or an errno. */
int sh_spawn_shell(char *const argv[], const posix_spawn_file_actions_t *fa,
                   pid_t *pid);

#endif
