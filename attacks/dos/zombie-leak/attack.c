/* zombie-leak: 400 children that exit at once, not waited for while the
 * parent lingers 0.3 s with them as zombies (15 of the sampler's ticks);
 * it reaps them only then, so nothing outlives the run.  Stops at the first
 * failed fork. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int n;

	for (n = 0; n < 400; n++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			perror("fork");
			break;
		}
	}
	printf("left %d children unreaped\n", n);
	fflush(stdout);
	usleep(300 * 1000);
	while (wait(NULL) > 0)
		;
	return 0;
}
