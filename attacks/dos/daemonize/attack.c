/* daemonize: fork, setsid, fork again; the grandchild ignores SIGTERM and
 * SIGHUP, drops its stdio and sleeps 30 s (bounded) while the parent returns
 * at once. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid > 0) {
		waitpid(pid, NULL, 0);
		printf("daemon started\n");
		return 0;
	}
	setsid();
	if (fork() != 0)
		_exit(0);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	int fd = open("/dev/null", O_RDWR);
	for (int i = 0; i < 3; i++)
		dup2(fd, i);
	sleep(30);
	_exit(0);
}
