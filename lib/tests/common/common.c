/*
 * common.c - what every cmocka test of the project shares (common.h).
 */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

bool test_must_work(void)
{
	const char *v = getenv("SECURER_MUST_WORK");

	return v && strcmp(v, "1") == 0;
}

bool test_known_bugs(void)
{
	const char *v = getenv("SECURER_TEST_KNOWN_BUGS");

	return v && strcmp(v, "1") == 0;
}

void test_print_known_bug(const char *fmt, ...)
{
	va_list ap;

	fputs("KNOWN BUG (not run; SECURER_TEST_KNOWN_BUGS=1 runs it): ",
	      stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

void test_print_skip(const char *fmt, ...)
{
	va_list ap;

	fputs("SKIP: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

void test_print_na(const char *fmt, ...)
{
	va_list ap;

	fputs("N/A: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

bool test_bwrap_works(char *reason, size_t size)
{
	return securer_backend_probe(SECURER_BACKEND_BWRAP, NULL, reason,
	                             size) == 0;
}

bool test_landlock_works(char *reason, size_t size)
{
	return securer_backend_probe(SECURER_BACKEND_LANDLOCK, NULL, reason,
	                             size) == 0;
}

void test_require_backend(securer_backend b)
{
	char why[1024];

	if (b == SECURER_BACKEND_LANDLOCK)
		require(test_landlock_works(why, sizeof(why)), "landlock: %s",
		        why);
	else if (b != SECURER_BACKEND_NONE)
		require(test_bwrap_works(why, sizeof(why)), "bwrap: %s", why);
}

const char *test_build_path(const char *rel, char *buf, size_t size)
{
	const char *b = getenv("SECURER_BUILD");
	char cwd[2048];

	/* absolute either way: a sandbox may start in another directory */
	if (b && *b)
		snprintf(buf, size, "%s/%s", b, rel);
	else
		snprintf(buf, size, "%s/build/%s",
		         getcwd(cwd, sizeof(cwd)) ? cwd : ".", rel);
	return buf;
}

char *test_mkdtemp(void)
{
	const char *t = getenv("TMPDIR");
	char *path = NULL;

	assert_true(asprintf(&path, "%s/securer-test.XXXXXX",
	                     t && *t ? t : "/tmp") > 0);
	assert_non_null(mkdtemp(path));
	return path;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

void test_rmtree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void test_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* Counts, and with |sig| signals, the processes whose command line contains
 * |needle|. */
static int scan_procs(const char *needle, int sig)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int count = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[300], buf[4096];
		ssize_t n;
		int fd;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == '\0')
				buf[i] = ' ';
		buf[n] = '\0';
		if (strstr(buf, needle)) {
			count++;
			if (sig)
				kill(atoi(e->d_name), sig);
		}
	}
	closedir(d);
	return count;
}

int test_count_procs(const char *needle)
{
	return scan_procs(needle, 0);
}

int test_kill_procs(const char *needle)
{
	return scan_procs(needle, SIGKILL);
}

int test_procs_gone_within(const char *needle, long ms)
{
	int n;

	for (long waited = 0; (n = test_count_procs(needle)) > 0 && waited < ms;
	     waited += 10) {
		struct timespec ts = {0, 10 * 1000000L};

		nanosleep(&ts, NULL);
	}
	return n;
}
