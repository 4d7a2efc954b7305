/* 200 MiB allocated and every page touched */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	size_t n = 200u << 20;
	unsigned char *p = malloc(n);
	unsigned long sum = 0;

	if (!p)
		return fprintf(stderr, "malloc of 200 MiB failed\n"), 1;
	memset(p, 1, n);
	for (size_t i = 0; i < n; i += 4096)
		sum += p[i];
	printf("@@ touched pages %lu\n", sum);
	printf("@@ done\n");
	free(p);
	return 0;
}
