/* sorts a million pseudo-random integers with qsort */
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void *x, const void *y)
{
	unsigned a = *(const unsigned *)x, b = *(const unsigned *)y;

	return a < b ? -1 : a > b;
}

int main(void)
{
	size_t n = 1000000;
	unsigned *v = malloc(n * sizeof(*v)), s = 12345;
	unsigned long long check = 0;

	if (!v)
		return 1;
	for (size_t i = 0; i < n; i++) {
		s = s * 1103515245u + 12345u;
		v[i] = s >> 8;
	}
	qsort(v, n, sizeof(*v), cmp);
	for (size_t i = 0; i < n; i += 1000)
		check = check * 31 + v[i];
	printf("@@ min %u max %u check %llu\n", v[0], v[n - 1],
	       check % 1000000007ULL);
	printf("@@ done\n");
	free(v);
	return 0;
}
