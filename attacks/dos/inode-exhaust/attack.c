/* inode-exhaust: 15000 empty files in a directory of $HOME, past the
 * oracle's 10000 inodes.  Held half a second, then removed.  Stops at the
 * first failure. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILES 15000

int main(void)
{
	const char *home = getenv("HOME");
	char dir[1024], path[1100];
	int n;

	snprintf(dir, sizeof(dir), "%s/inode-exhaust.%d", home ? home : "/tmp",
	         (int)getpid());
	if (mkdir(dir, 0700) < 0) {
		perror(dir);
		return 1;
	}
	for (n = 0; n < FILES; n++) {
		int fd;

		snprintf(path, sizeof(path), "%s/f%d", dir, n);
		if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0) {
			perror(path);
			break;
		}
		close(fd);
	}
	printf("created %d files\n", n);
	fflush(stdout);
	usleep(500 * 1000);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/f%d", dir, i);
		unlink(path);
	}
	rmdir(dir);
	return 0;
}
