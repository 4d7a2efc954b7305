/* ignore-sigterm-persist: the classic daemon recipe (fork, setsid, fork
 * again, ignore TERM and HUP, close every descriptor) around a loop that
 * outlives the run; it gives up after 30 s. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	if (fork() != 0)
		return 0;
	setsid();
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	if (fork() != 0)
		_exit(0);
	for (int fd = 0; fd < 1024; fd++)
		close(fd);
	open("/dev/null", O_RDWR);
	for (int i = 0; i < 30; i++)
		sleep(1);
	_exit(0);
}
