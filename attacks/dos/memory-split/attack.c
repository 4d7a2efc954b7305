/* memory-split: 4 children, each allocating and touching 600 MiB in
 * 64 MiB pieces (under a 1 GiB address-space limit each), holding it
 * 1.5 s so that they hold it together, then exiting; a child stops at its
 * first failed allocation.  2.4 GiB in all, past the oracle's 1.5 GiB. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILDREN 4
#define PIECES   10 /* of 60 MiB: 600 MiB */

int main(void)
{
	int started = 0;

	for (int c = 0; c < CHILDREN; c++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			break;
		}
		if (pid == 0) {
			size_t piece = 60u << 20;
			int n;

			for (n = 0; n < PIECES; n++) {
				char *p = malloc(piece);

				if (!p)
					break;
				memset(p, 0x5a, piece);
			}
			printf("child %d touched %d MiB\n", c, n * 60);
			fflush(stdout);
			usleep(1500 * 1000);
			_exit(0);
		}
		started++;
	}
	while (started-- > 0)
		wait(NULL);
	return 0;
}
