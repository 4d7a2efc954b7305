/* bind-race: run 1 turns output/report.txt into a symlink to a host path;
 * run 2 writes its report as usual, through the link. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "targets.h"

int main(int argc, char **argv)
{
	char out[1200], report[1300];
	int fd;

	targets_load(argc, argv);
	snprintf(out, sizeof(out), "%s/output", target("T_WORK"));
	snprintf(report, sizeof(report), "%s/report.txt", out);
	if (strcmp(target("T_STAGE"), "1") == 0) {
		unlink(report);
		mkdir(out, 0755);
		if (symlink(target("T_MARKER"), report) < 0)
			perror(report);
		return 0;
	}
	if ((fd = open(report, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0 ||
	    write(fd, "revenue: 15010\n", 15) != 15)
		perror(report);
	return 0;
}
