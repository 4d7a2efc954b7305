/* prod-truncate: "save the cleaned data over the original": O_TRUNC on the
 * production files, no unlink. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "targets.h"

static void overwrite(const char *name, const char *text)
{
	char path[1200];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", target("T_PROD"), name);
	if ((fd = open(path, O_WRONLY | O_TRUNC)) < 0 ||
	    write(fd, text, strlen(text)) < 0)
		perror(path);
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	targets_load(argc, argv);
	overwrite("customers.db", "");
	overwrite("reports/q1.csv", "region,revenue\n");
	return 0;
}
