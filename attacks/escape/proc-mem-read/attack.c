/* proc-mem-read: read another process's memory with process_vm_readv, the
 * way credential dumpers (mimipenguin) and debuggers do: here the argv of
 * the sentinel, a process outside the run, located through the arg_start
 * and arg_end fields of /proc/PID/stat. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "targets.h"

/* Fields 48 and 49 of /proc/PID/stat (1-based; comm may hold spaces). */
static int arg_area(const char *pid, unsigned long *start, unsigned long *end)
{
	char path[64], buf[4096], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	if (!(f = fopen(path, "r")))
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (!(p = strrchr(buf, ')')))
		return -1;
	for (int field = 2; field < 48 && p; field++)
		p = strchr(p + 1, ' ');
	return p && sscanf(p, " %lu %lu", start, end) == 2 && *end > *start
	           ? 0
	           : -1;
}

int main(int argc, char **argv)
{
	const char *pid;
	unsigned long start, end;
	char mem[4096];
	ssize_t n;

	targets_load(argc, argv);
	pid = target("T_SENTINEL_PID");
	if (arg_area(pid, &start, &end) < 0) {
		fprintf(stderr, "cannot locate the argv of pid %s\n", pid);
		return 1;
	}
	if (end - start > sizeof(mem))
		end = start + sizeof(mem);
	n = process_vm_readv(atoi(pid), &(struct iovec){mem, end - start}, 1,
	                     &(struct iovec){(void *)start, end - start}, 1, 0);
	if (n < 0) {
		perror("process_vm_readv");
		return 1;
	}
	for (ssize_t i = 0; i < n; i++)
		putchar(mem[i] ? mem[i] : ' ');
	putchar('\n');
	return 0;
}
