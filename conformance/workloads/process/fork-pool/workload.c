/* forks eight children, each computes a part; the parent waits */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int total = 0;

	for (int k = 0; k < 8; k++) {
		pid_t p = fork();

		if (p < 0)
			return perror("fork"), 1;
		if (p == 0) {
			int s = 0;

			for (int i = k * 10; i < k * 10 + 10; i++)
				s += i;
			_exit(s % 256);
		}
	}
	for (int k = 0; k < 8; k++) {
		int st;

		if (wait(&st) < 0)
			return perror("wait"), 1;
		total += WEXITSTATUS(st);
	}
	printf("@@ children 8 sum of statuses %d\n", total);
	printf("@@ done\n");
	return 0;
}
