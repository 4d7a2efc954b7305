/*
 * helper.c - the securer-init executable, embedded in the library.
 *
 * The build compiles lib/runtimes/securer-init.c first and this file pulls
 * the binary in with .incbin, so the library needs no install path to find
 * it: bwrap copies it into each sandbox from a memfd (--file) and the
 * none backend executes the memfd directly.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#ifndef SECURER_INIT_PATH
#error "SECURER_INIT_PATH must name the built securer-init binary"
#endif

SECURER__EMBED(securer__init_blob, SECURER_INIT_PATH);

extern const unsigned char securer__init_blob[];
extern const uint64_t securer__init_blob_size;

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U /* Linux 6.3: ask for an executable memfd */
#endif

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int helper_fd = -ENOSYS;

static void make_helper(void)
{
	size_t len = (size_t)securer__init_blob_size;
	unsigned flags = MFD_CLOEXEC | MFD_ALLOW_SEALING;
	int fd = memfd_create("securer-init", flags | MFD_EXEC);
	int rc;

	if (fd < 0 && errno == EINVAL) /* kernels before 6.3 */
		fd = memfd_create("securer-init", flags);
	if (fd < 0) {
		helper_fd = -errno;
		return;
	}
	rc = securer__write_all(fd, securer__init_blob, len);
	if (rc == 0 && fchmod(fd, 0555) < 0)
		rc = -errno;
	if (rc == 0 &&
	    fcntl(fd, F_ADD_SEALS,
	          F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0)
		rc = -errno;
	if (rc < 0) {
		close(fd);
		helper_fd = rc;
		return;
	}
	helper_fd = fd;
}

int securer__helper_fd(void)
{
	pthread_once(&once, make_helper);
	return helper_fd;
}

/* The rlimits securer-init sets in the command, by its -r names. */
static const struct {
	securer_limit limit;
	const char *res;
} rlimits[] = {
    {SECURER_LIMIT_CPU_SECONDS, "cpu"}, {SECURER_LIMIT_ADDRESS_SPACE, "as"},
    {SECURER_LIMIT_FILE_SIZE, "fsize"}, {SECURER_LIMIT_OPEN_FILES, "nofile"},
    {SECURER_LIMIT_PROCESSES, "nproc"}, {SECURER_LIMIT_CORE, "core"},
    {SECURER_LIMIT_STACK, "stack"},
};
#define N_RLIMITS (sizeof(rlimits) / sizeof(rlimits[0]))
_Static_assert(N_RLIMITS <= REAP_MAX_RLIMITS, "the reaper holds them all");

/* 0 means "no limit", except for core files where 0 is the limit. */
static bool rlimit_set(const securer_policy *p, size_t i)
{
	return p->limits[rlimits[i].limit] != 0 ||
	       rlimits[i].limit == SECURER_LIMIT_CORE;
}

int securer__init_args(struct securer__run *r, struct securer__strv *sv,
                       int stderr_fd_in_child)
{
	const securer_policy *p = r->policy;

	securer__strv_push(sv, "-s");
	securer__strv_pushf(sv, "%d", SECURER__FD_STATUS);
	if (stderr_fd_in_child >= 0) {
		securer__strv_push(sv, "-e");
		securer__strv_pushf(sv, "%d", stderr_fd_in_child);
	}
	for (size_t i = 0; i < N_RLIMITS; i++) {
		if (!rlimit_set(p, i))
			continue;
		securer__strv_push(sv, "-r");
		securer__strv_pushf(sv, "%s=%lld", rlimits[i].res,
		                    (long long)p->limits[rlimits[i].limit]);
	}
	for (size_t i = 0; i < r->opts->n_fds; i++) {
		securer__strv_push(sv, "-k");
		securer__strv_pushf(sv, "%d", r->opts->fds[i].child_fd);
	}
	securer__strv_push(sv, "--");
	return sv->oom ? securer__fail(r->err, -ENOMEM, "out of memory") : 0;
}
