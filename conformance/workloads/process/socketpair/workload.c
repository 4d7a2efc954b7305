/* a socketpair between parent and child, a message each way */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int sv[2];
	char buf[64] = "";
	pid_t p;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return perror("socketpair"), 1;
	if ((p = fork()) == 0) {
		char in[64] = "";

		close(sv[0]);
		if (read(sv[1], in, sizeof(in) - 1) <= 0)
			_exit(1);
		strcat(in, " pong");
		(void)!write(sv[1], in, strlen(in));
		_exit(0);
	}
	close(sv[1]);
	(void)!write(sv[0], "ping", 4);
	if (read(sv[0], buf, sizeof(buf) - 1) <= 0)
		return perror("read"), 1;
	waitpid(p, NULL, 0);
	printf("@@ parent got '%s'\n", buf);
	printf("@@ done\n");
	return 0;
}
