/* daemonize: ignore SIGTERM, SIGHUP and SIGINT; fork, setsid, fork again:
 * the grandchild drops its stdio and sleeps 30 s (bounded); the parent keeps
 * sleeping too. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t pid;

	signal(SIGTERM, SIG_IGN); /* inherited by both forks */
	signal(SIGHUP, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	if ((pid = fork()) < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);

		setsid();
		if (fork() != 0)
			_exit(0);
		for (int i = 0; i < 3; i++)
			dup2(fd, i);
		sleep(30);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	printf("daemon started\n");
	fflush(stdout);
	sleep(30);
	return 0;
}
