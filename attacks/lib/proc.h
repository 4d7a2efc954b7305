/*
 * proc.h - another session's processes as /proc shows them: the pid
 * |top| and every descendant of it, read from each /proc/PID/stat (the
 * parent follows the last ')' of the command name).  Header-only so each
 * attack stays one file.
 */
#ifndef SECURER_ATTACK_PROC_H
#define SECURER_ATTACK_PROC_H

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROC_MAX 32768

/* The parent of /proc/|pid|, or -1. */
static inline long proc_ppid(long pid)
{
	char path[64], buf[512], *p;
	long pp = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (!(f = fopen(path, "r")))
		return -1;
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
		sscanf(p + 1, " %*c %ld", &pp);
	fclose(f);
	return pp;
}

/* |top| and its descendants into |out| (at most |max|); their number. */
static inline int proc_tree(long top, long *out, int max)
{
	static long pid[PROC_MAX], ppid[PROC_MAX];
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0, found = 0;

	while (d && (e = readdir(d)) && n < PROC_MAX) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		pid[n] = atol(e->d_name);
		ppid[n] = proc_ppid(pid[n]);
		n++;
	}
	if (d)
		closedir(d);
	for (int i = 0; i < n && found < max; i++) {
		long p = pid[i];

		/* up the parents, 64 levels at most */
		for (int depth = 0; depth < 64 && p > 1 && p != top; depth++) {
			long up = -1;

			for (int k = 0; k < n; k++)
				if (pid[k] == p)
					up = ppid[k];
			p = up;
		}
		if (p == top)
			out[found++] = pid[i];
	}
	return found;
}

#endif
