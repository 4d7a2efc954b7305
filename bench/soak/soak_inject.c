/*
 * soak_inject.c - deliberate leaks for the soak's self-tests.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "soak_inject.h"

long soak_inject_default_every(enum soak_leak kind)
{
	return kind == SOAK_LEAK_PROC ? 20 : kind == SOAK_LEAK_FD ? 10 : 1;
}

void soak_inject_init(struct soak_inject *in, enum soak_leak kind, long every)
{
	memset(in, 0, sizeof(*in));
	in->kind = kind;
	in->every = every > 0 ? every : soak_inject_default_every(kind);
	pthread_mutex_init(&in->lock, NULL);
}

/* A child that only waits to be killed, holding none of the soak's
 * descriptors (a copy of a session's pipe would change what the library
 * sees).  close_range and pause are async-signal-safe, as everything a
 * child of a multithreaded process may call must be. */
static pid_t leak_proc(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		syscall(SYS_close_range, 3U, ~0U, 0U);
		for (;;)
			pause();
	}
	return pid;
}

static void *leak_block(void)
{
	char *p = malloc(1024);

	if (p)
		memset(p, 0x5a, 1024); /* touched: resident */
	return p;
}

/* One leak, stored so that it can be given back at the end.  Called with
 * the lock held; |in->n| < |in->cap|. */
static void leak_one(struct soak_inject *in)
{
	switch (in->kind) {
	case SOAK_LEAK_FD:
		in->fds[in->n] = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (in->fds[in->n] >= 0)
			in->n++;
		break;
	case SOAK_LEAK_MEM:
		in->blocks[in->n] = leak_block();
		if (in->blocks[in->n])
			in->n++;
		break;
	case SOAK_LEAK_PROC:
		if (in->n >= SOAK_INJECT_MAX_PROCS)
			break;
		in->pids[in->n] = leak_proc();
		if (in->pids[in->n] > 0)
			in->n++;
		break;
	case SOAK_LEAK_NONE:
		break;
	}
}

static int grow(struct soak_inject *in)
{
	size_t cap = in->cap ? 2 * in->cap : 1024;
	int *fds = realloc(in->fds, cap * sizeof(*fds));
	void **blocks;
	pid_t *pids;

	if (!fds)
		return -ENOMEM;
	in->fds = fds;
	if (!(blocks = realloc(in->blocks, cap * sizeof(*blocks))))
		return -ENOMEM;
	in->blocks = blocks;
	if (!(pids = realloc(in->pids, cap * sizeof(*pids))))
		return -ENOMEM;
	in->pids = pids;
	in->cap = cap;
	return 0;
}

void soak_inject_tick(struct soak_inject *in)
{
	if (in->kind == SOAK_LEAK_NONE)
		return;
	pthread_mutex_lock(&in->lock);
	if (++in->ticks % in->every == 0 && (in->n < in->cap || grow(in) == 0))
		leak_one(in);
	pthread_mutex_unlock(&in->lock);
}

size_t soak_inject_count(struct soak_inject *in)
{
	size_t n;

	pthread_mutex_lock(&in->lock);
	n = in->n;
	pthread_mutex_unlock(&in->lock);
	return n;
}

void soak_inject_release(struct soak_inject *in)
{
	for (size_t i = 0; i < in->n; i++) {
		if (in->kind == SOAK_LEAK_FD)
			close(in->fds[i]);
		else if (in->kind == SOAK_LEAK_MEM)
			free(in->blocks[i]);
		else if (in->kind == SOAK_LEAK_PROC) {
			kill(in->pids[i], SIGKILL);
			while (waitpid(in->pids[i], NULL, 0) < 0 &&
			       errno == EINTR)
				;
		}
	}
	free(in->fds);
	free(in->blocks);
	free(in->pids);
	pthread_mutex_destroy(&in->lock);
	memset(in, 0, sizeof(*in));
}
