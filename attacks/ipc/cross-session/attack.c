/* cross-session: the peer's process tree, then its private HOME seen
 * through each process's /proc/PID/cwd and /proc/PID/root/tmp. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "targets.h"

#define MAX_PIDS 32768

static int pid_of[MAX_PIDS], ppid_of[MAX_PIDS], n;

static int parent(int pid)
{
	for (int i = 0; i < n; i++)
		if (pid_of[i] == pid)
			return ppid_of[i];
	return 0;
}

static void dump(int pid)
{
	static const char *const where[] = {"cwd", "root/tmp"};

	for (int k = 0; k < 2; k++) {
		char path[128], buf[512];
		size_t len;
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/%s/peer-secret", pid, where[k]);
		if (!(f = fopen(path, "r")))
			continue;
		len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[len] = '\0';
		printf("%s: %s\n", path, buf);
	}
}

int main(int argc, char **argv)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int top;

	targets_load(argc, argv);
	top = atoi(target("T_PEER_PID"));
	while (d && (e = readdir(d)) && n < MAX_PIDS) {
		char path[300], buf[512], *p;
		FILE *f;
		size_t len;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[len] = '\0';
		if (!(p = strrchr(buf, ')')))
			continue;
		pid_of[n] = atoi(e->d_name);
		ppid_of[n++] = atoi(p + 4);
	}
	if (d)
		closedir(d);
	for (int i = 0; i < n; i++) {
		int p = pid_of[i];

		for (int depth = 0; depth < 64 && p > 1 && p != top; depth++)
			p = parent(p);
		if (p == top)
			dump(pid_of[i]);
	}
	return 0;
}
