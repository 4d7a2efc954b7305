/* zombie-leak: 400 children that exit at once, never waited for; the parent
 * lingers 2 s with them as zombies.  Stops at the first failed fork. */
#include <stdio.h>
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
	sleep(2);
	return 0;
}
