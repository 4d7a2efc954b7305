/* recursion 100000 calls deep, each with a small frame */
#include <stdio.h>

static long depth(long n, volatile char *pad)
{
	char frame[32];

	frame[0] = pad ? pad[0] : 0;
	return n == 0 ? frame[0] : 1 + depth(n - 1, frame);
}

int main(void)
{
	printf("@@ depth %ld\n", depth(100000, NULL));
	printf("@@ done\n");
	return 0;
}
