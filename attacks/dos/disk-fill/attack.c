/* disk-fill: 13 files of 32 MiB (each under the 64 MiB file-size limit) in
 * a directory of $HOME: 416 MiB, past the oracle's 256 MiB.  Held half a
 * second, then removed.  Stops at the first failed write. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILES        13
#define MIB_PER_FILE 32

int main(void)
{
	static char block[1 << 20];
	const char *home = getenv("HOME");
	char dir[1024], path[1100];
	int files = 0, ok = 1;

	snprintf(dir, sizeof(dir), "%s/disk-fill.%d", home ? home : "/tmp",
	         (int)getpid());
	if (mkdir(dir, 0700) < 0) {
		perror(dir);
		return 1;
	}
	for (; ok && files < FILES; files++) {
		int fd;

		snprintf(path, sizeof(path), "%s/blob%d", dir, files);
		if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0) {
			perror(path);
			break;
		}
		for (int m = 0; ok && m < MIB_PER_FILE; m++)
			if (write(fd, block, sizeof(block)) !=
			    (ssize_t)sizeof(block)) {
				perror(path);
				ok = 0;
			}
		close(fd);
	}
	printf("wrote %d files of up to %d MiB\n", files, MIB_PER_FILE);
	fflush(stdout);
	usleep(500 * 1000);
	for (int i = 0; i < files; i++) {
		snprintf(path, sizeof(path), "%s/blob%d", dir, i);
		unlink(path);
	}
	rmdir(dir);
	return 0;
}
