/*
 * floors.c - physical floors measured in the same run.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "floors.h"

int floor_pipe_round_trip(int n, struct samples *out)
{
	int to[2], from[2];
	char msg[64] = "{\"type\":\"tool_result\",\"id\":1,\"value\":0}\n",
	     buf[64];
	size_t len = strlen(msg);
	pid_t pid;

	if (pipe(to) < 0 || pipe(from) < 0)
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		ssize_t k;

		close(to[1]);
		close(from[0]);
		while ((k = read(to[0], buf, sizeof(buf))) > 0)
			if (write(from[1], buf, (size_t)k) != k)
				break;
		_exit(0);
	}
	close(to[0]);
	close(from[1]);
	for (int i = 0; i < n; i++) {
		double t0 = now_us();
		size_t got = 0;

		if (write(to[1], msg, len) != (ssize_t)len)
			break;
		while (got < len) {
			ssize_t k = read(from[0], buf + got, len - got);

			if (k <= 0)
				break;
			got += (size_t)k;
		}
		samples_add(out, now_us() - t0);
	}
	close(to[1]);
	close(from[0]);
	waitpid(pid, NULL, 0);
	return 0;
}
