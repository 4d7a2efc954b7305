/* a shared anonymous mapping written by a forked child */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	               MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		return perror("mmap"), 1;
	if (fork() == 0) {
		strcpy(m, "from the child");
		_exit(0);
	}
	wait(NULL);
	printf("@@ parent reads '%s'\n", m);
	printf("@@ done\n");
	return 0;
}
