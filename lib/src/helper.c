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
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#ifndef SECURER_INIT_PATH
#error "SECURER_INIT_PATH must name the built securer-init binary"
#endif

__asm__(".section .rodata\n"
        ".balign 16\n"
        ".globl securer__init_blob\n"
        ".hidden securer__init_blob\n"
        "securer__init_blob:\n"
        ".incbin \"" SECURER_INIT_PATH "\"\n"
        "securer__init_blob_end:\n"
        /* the size as data, so C never subtracts unrelated pointers */
        ".balign 8\n"
        ".globl securer__init_size\n"
        ".hidden securer__init_size\n"
        "securer__init_size:\n"
        ".quad securer__init_blob_end - securer__init_blob\n"
        ".previous\n");

extern const unsigned char securer__init_blob[];
extern const uint64_t securer__init_size;

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U /* Linux 6.3: ask for an executable memfd */
#endif

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int helper_fd = -ENOSYS;

static void make_helper(void)
{
	size_t len = (size_t)securer__init_size;
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
