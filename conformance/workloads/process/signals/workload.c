/* SIGUSR1 raised and handled; SIGALRM from a real-time timer handled (50 ms
 * of setitimer: alarm() is the same timer, at a whole second) */
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t usr1, alrm;

static void on_usr1(int s)
{
	(void)s;
	usr1++;
}

static void on_alrm(int s)
{
	(void)s;
	alrm++;
}

int main(void)
{
	struct itimerval t = {{0, 0}, {0, 50 * 1000}};

	signal(SIGUSR1, on_usr1);
	signal(SIGALRM, on_alrm);
	raise(SIGUSR1);
	kill(getpid(), SIGUSR1);
	setitimer(ITIMER_REAL, &t, NULL);
	while (!alrm)
		pause();
	printf("@@ usr1 %d alrm %d\n", (int)usr1, (int)alrm);
	printf("@@ done\n");
	return 0;
}
