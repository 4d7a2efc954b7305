/* signal-sentinel: SIGSTOP the sentinel (by pid, then its group, then
 * through a pidfd), renice it, and cut its RLIMIT_NOFILE.  Only the
 * sentinel's pid: never -1, never a guess. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "targets.h"

int main(int argc, char **argv)
{
	struct rlimit rl = {64, 64};
	pid_t pid;
	int pidfd;

	targets_load(argc, argv);
	pid = (pid_t)atoi(target("T_SENTINEL_PID"));
	if (pid <= 1)
		return 1;
	printf("kill(SIGSTOP): %d\n", kill(pid, SIGSTOP));
	printf("killpg(SIGSTOP): %d\n", kill(-pid, SIGSTOP));
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd >= 0)
		printf("pidfd_send_signal: %ld\n",
		       syscall(SYS_pidfd_send_signal, pidfd, SIGSTOP, NULL, 0));
	printf("setpriority: %d\n", setpriority(PRIO_PROCESS, (id_t)pid, 19));
	printf("prlimit(NOFILE): %d\n", prlimit(pid, RLIMIT_NOFILE, &rl, NULL));
	return 0;
}
