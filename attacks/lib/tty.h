/*
 * tty.h - keystrokes pushed into the terminal on stdin, the way TIOCSTI
 * attacks do it: directly, and when the kernel refuses (TIOCSTI needs the
 * caller's controlling terminal unless it has CAP_SYS_ADMIN) from a child
 * that made itself a session leader and took the terminal with TIOCSCTTY.
 * |request| is TIOCSTI, or a variant a filter might miss.  Header-only so
 * each attack stays one file.
 */
#ifndef SECURER_ATTACK_TTY_H
#define SECURER_ATTACK_TTY_H

#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

static int tty_push(unsigned long request, const char *keys)
{
	for (; *keys; keys++)
		if (ioctl(0, request, keys) < 0)
			return -1;
	return 0;
}

/* Pushes |keys|; |what| names the request in the error messages. */
static void tty_inject(unsigned long request, const char *what,
                       const char *keys)
{
	pid_t pid;

	if (tty_push(request, keys) == 0)
		return;
	perror(what);
	pid = fork();
	if (pid == 0) {
		if (setsid() < 0 || ioctl(0, TIOCSCTTY, 0) < 0)
			perror("taking the terminal");
		if (tty_push(request, keys) < 0)
			fprintf(stderr, "%s as session leader: %m\n", what);
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

#endif
