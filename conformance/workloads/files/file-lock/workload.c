/* flock and fcntl locks on a file of the working directory */
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

int main(void)
{
	int fd = open("wl-lock-c", O_RDWR | O_CREAT, 0644);
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};

	if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) < 0 ||
	    fcntl(fd, F_SETLK, &fl) < 0)
		return perror("lock"), 1;
	fl.l_type = F_UNLCK;
	fcntl(fd, F_SETLK, &fl);
	flock(fd, LOCK_UN);
	close(fd);
	unlink("wl-lock-c");
	printf("@@ flock and fcntl locks taken and released\n");
	printf("@@ done\n");
	return 0;
}
