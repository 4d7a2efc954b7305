/* memory-bomb: allocate and touch 64 MiB at a time, up to 2 GiB (past the
 * oracle's 1.5 GiB), stop at the first failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	size_t chunk = 64u << 20;
	int n;

	for (n = 0; n < 32; n++) {
		char *p = malloc(chunk);

		if (!p)
			break;
		memset(p, 0x5a, chunk);
	}
	printf("touched %d MiB\n", n * 64);
	return 0;
}
