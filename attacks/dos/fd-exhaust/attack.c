/* fd-exhaust: open /dev/null up to 4000 times (each a new open file of the
 * kernel's table, unlike dup), hold them half a second, close them.  Stops
 * at the first failure. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#define N 4000

int main(void)
{
	static int fds[N];
	int n;

	for (n = 0; n < N; n++)
		if ((fds[n] = open("/dev/null", O_RDONLY)) < 0) {
			perror("open");
			break;
		}
	printf("holding %d open files\n", n);
	fflush(stdout);
	usleep(500 * 1000);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	return 0;
}
