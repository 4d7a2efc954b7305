/* fork-bomb, bounded: up to 1000 children sleeping 5 s, stop at the first
 * failed fork, then wait. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int started = 0;

	for (int i = 0; i < 1000; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			sleep(5);
			_exit(0);
		}
		if (pid < 0) {
			perror("fork");
			break;
		}
		started++;
	}
	printf("started %d\n", started);
	fflush(stdout);
	while (wait(NULL) > 0)
		;
	return 0;
}
