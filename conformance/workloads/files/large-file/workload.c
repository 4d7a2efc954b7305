/* 20 MiB written with write(2), read back, checksummed */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	static unsigned char buf[1 << 20];
	unsigned long long sum = 0;
	ssize_t n;
	int fd = open("wl-big-c.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return perror("open"), 1;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)i;
	for (int k = 0; k < 20; k++)
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			return perror("write"), 1;
	lseek(fd, 0, SEEK_SET);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++)
			sum += buf[i];
	close(fd);
	unlink("wl-big-c.bin");
	printf("@@ sum %llu\n", sum);
	printf("@@ done\n");
	return 0;
}
