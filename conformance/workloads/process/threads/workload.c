/* eight pthreads sum slices of an array */
#include <pthread.h>
#include <stdio.h>

#define N 8000000
#define T 8

static int v[N];
static long long part[T];

static void *sum(void *arg)
{
	long t = (long)arg;

	for (long i = t * (N / T); i < (t + 1) * (N / T); i++)
		part[t] += v[i];
	return NULL;
}

int main(void)
{
	pthread_t th[T];
	long long total = 0;

	for (long i = 0; i < N; i++)
		v[i] = (int)(i % 1000);
	for (long t = 0; t < T; t++)
		if (pthread_create(&th[t], NULL, sum, (void *)t) != 0)
			return fprintf(stderr, "pthread_create failed\n"), 1;
	for (int t = 0; t < T; t++) {
		pthread_join(th[t], NULL);
		total += part[t];
	}
	printf("@@ threads %d total %lld\n", T, total);
	printf("@@ done\n");
	return 0;
}
