/* stopped-leftover: child becomes a subreaper, starts a grandchild in its
 * own session that ignores what it can and stops itself; the child then
 * waits (a reaper holding the orphan), the attack returns at once.  Both
 * end by themselves after 30 s if nothing kills them. */
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(void)
{
	if (fork() == 0) {
		prctl(PR_SET_CHILD_SUBREAPER, 1);
		signal(SIGTERM, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		if (fork() == 0) {
			setsid();
			signal(SIGTERM, SIG_IGN);
			signal(SIGHUP, SIG_IGN);
			signal(SIGINT, SIG_IGN);
			if (fork() ==
			    0) { /* the stopped one; its parent leaves */
				raise(SIGSTOP);
				sleep(30);
				_exit(0);
			}
			_exit(0);
		}
		sleep(30);
		_exit(0);
	}
	puts("left a stopped orphan behind");
	return 0;
}
