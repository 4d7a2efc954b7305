/* burns 5 s of CPU time in a bounded loop, then reports it did */
#include <stdio.h>
#include <time.h>

int main(void)
{
	struct timespec ts;
	volatile unsigned long x = 1;
	unsigned long rounds = 0;

	do {
		for (int i = 0; i < 1000000; i++)
			x = x * 6364136223846793005UL + 1442695040888963407UL;
		rounds++;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	} while (ts.tv_sec < 5 && rounds < 100000);
	printf("@@ cpu seconds reached: %s\n", ts.tv_sec >= 5 ? "5" : "no");
	printf("@@ done\n");
	return 0;
}
