/* memfd-bomb: 32 memfds of 64 MiB each, written and never mapped, held
 * 1 s (when it got any), then closed; stops at the first failure. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	static char chunk[1 << 20];
	int fds[32], n = 0;

	memset(chunk, 'm', sizeof(chunk));
	for (; n < 32; n++) {
		int fd = memfd_create("cache", MFD_CLOEXEC);

		if (fd < 0) {
			perror("memfd_create");
			break;
		}
		fds[n] = fd;
		for (int i = 0; i < 64; i++)
			if (write(fd, chunk, sizeof(chunk)) !=
			    (ssize_t)sizeof(chunk)) {
				perror("write");
				n++;
				goto hold;
			}
	}
hold:
	printf("%d memfds\n", n);
	fflush(stdout);
	if (n > 0) /* nothing to hold when memfd_create is denied */
		sleep(1);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	return 0;
}
