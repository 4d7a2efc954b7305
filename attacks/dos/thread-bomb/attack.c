/* thread-bomb, bounded: up to 2000 threads with 64 KiB stacks, all waiting
 * on one condition; hold them 0.5 s, release, join.  Stops at the first
 * thread that cannot start. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define N 2000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t go = PTHREAD_COND_INITIALIZER;
static bool released;

static void *waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	while (!released)
		pthread_cond_wait(&go, &lock);
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	static pthread_t t[N];
	pthread_attr_t attr;
	int n, err = 0;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 << 10);
	for (n = 0; n < N; n++)
		if ((err = pthread_create(&t[n], &attr, waiter, NULL)) != 0)
			break;
	printf("started %d threads%s%s\n", n, err ? ": " : "",
	       err ? strerror(err) : "");
	fflush(stdout);
	usleep(500 * 1000);
	pthread_mutex_lock(&lock);
	released = true;
	pthread_cond_broadcast(&go);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	return 0;
}
