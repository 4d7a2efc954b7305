/* the primes below 20000 with a sieve */
#include <stdio.h>
#include <string.h>

int main(void)
{
	static char composite[20000];
	int count = 0, last = 0;

	memset(composite, 0, sizeof(composite));
	for (int i = 2; i < 20000; i++) {
		if (composite[i])
			continue;
		count++;
		last = i;
		for (int j = 2 * i; j < 20000; j += i)
			composite[j] = 1;
	}
	printf("@@ primes below 20000: %d, the last %d\n", count, last);
	printf("@@ done\n");
	return 0;
}
