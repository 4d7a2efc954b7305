/* a 1 MiB file mapped MAP_SHARED, written through the map, read back */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	size_t n = 1 << 20;
	int fd = open("wl-mmap.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
	unsigned char *m, b[16];
	unsigned long sum = 0;

	if (fd < 0 || ftruncate(fd, (off_t)n) < 0)
		return perror("file"), 1;
	m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return perror("mmap"), 1;
	for (size_t i = 0; i < n; i++)
		m[i] = (unsigned char)(i % 7);
	msync(m, n, MS_SYNC);
	munmap(m, n);
	lseek(fd, 0, SEEK_SET);
	while (read(fd, b, sizeof(b)) == (ssize_t)sizeof(b))
		for (int i = 0; i < 16; i++)
			sum += b[i];
	close(fd);
	unlink("wl-mmap.bin");
	printf("@@ sum %lu\n", sum);
	printf("@@ done\n");
	return 0;
}
