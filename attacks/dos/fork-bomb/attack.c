/* fork-bomb, bounded: up to 1000 sleeping children, stop at the first
 * failed fork; hold them 0.5 s, then kill and reap them. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	static pid_t kids[1000];
	int n;

	for (n = 0; n < 1000; n++) {
		pid_t pid = fork();

		if (pid == 0) {
			sleep(30);
			_exit(0);
		}
		if (pid < 0) {
			perror("fork");
			break;
		}
		kids[n] = pid;
	}
	printf("started %d\n", n);
	fflush(stdout);
	usleep(500 * 1000);
	for (int i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	return 0;
}
