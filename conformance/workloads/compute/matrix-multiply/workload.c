/* the trace of A*B for two deterministic 120x120 matrices */
#include <stdio.h>

#define N 120

static double a[N][N], b[N][N], c[N][N];

int main(void)
{
	double trace = 0;

	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			a[i][j] = (double)((i * 7 + j * 3) % 11) / 10;
			b[i][j] = (double)((i * 5 + j * 2) % 13) / 10;
		}
	for (int i = 0; i < N; i++)
		for (int k = 0; k < N; k++)
			for (int j = 0; j < N; j++)
				c[i][j] += a[i][k] * b[k][j];
	for (int i = 0; i < N; i++)
		trace += c[i][i];
	printf("@@ trace %.4f\n", trace);
	printf("@@ done\n");
	return 0;
}
