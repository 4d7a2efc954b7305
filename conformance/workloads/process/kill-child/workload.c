/* a child that would sleep for a minute, stopped with SIGTERM */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int st;
	pid_t p = fork();

	if (p < 0)
		return perror("fork"), 1;
	if (p == 0) {
		execlp("sleep", "sleep", "60", (char *)NULL);
		_exit(127);
	}
	kill(p, SIGTERM);
	if (waitpid(p, &st, 0) < 0)
		return perror("waitpid"), 1;
	printf("@@ signalled %d by %d\n", WIFSIGNALED(st),
	       WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	printf("@@ done\n");
	return 0;
}
