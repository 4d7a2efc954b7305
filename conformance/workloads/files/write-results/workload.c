/* results.csv in the working directory */
#include <stdio.h>

int main(void)
{
	FILE *f = fopen("results.csv", "w");

	if (!f)
		return perror("results.csv"), 1;
	fputs("n,square,cube\n", f);
	for (long i = 1; i <= 50; i++)
		fprintf(f, "%ld,%ld,%ld\n", i, i * i, i * i * i);
	if (fclose(f) != 0)
		return perror("close"), 1;
	printf("@@ written 51 lines\n");
	printf("@@ done\n");
	return 0;
}
