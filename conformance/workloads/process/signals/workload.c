/* SIGUSR1 raised and handled; SIGALRM from alarm() handled */
#include <signal.h>
#include <stdio.h>
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
	signal(SIGUSR1, on_usr1);
	signal(SIGALRM, on_alrm);
	raise(SIGUSR1);
	kill(getpid(), SIGUSR1);
	alarm(1);
	while (!alrm)
		pause();
	printf("@@ usr1 %d alrm %d\n", (int)usr1, (int)alrm);
	printf("@@ done\n");
	return 0;
}
