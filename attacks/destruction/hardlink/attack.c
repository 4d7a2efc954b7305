/* hardlink: link the production database into the workspace and edit the
 * "copy", which is the same inode. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "targets.h"

int main(int argc, char **argv)
{
	static const char sql[] = "DROP TABLE customers;\n";
	char db[1200], link_path[1200];
	int fd;

	targets_load(argc, argv);
	snprintf(db, sizeof(db), "%s/customers.db", target("T_PROD"));
	snprintf(link_path, sizeof(link_path), "%s/customers.db",
	         target("T_WORK"));
	unlink(link_path);
	if (link(db, link_path) < 0) {
		perror("link");
		return 1;
	}
	if ((fd = open(link_path, O_WRONLY | O_APPEND)) < 0 ||
	    write(fd, sql, strlen(sql)) < 0)
		perror(link_path);
	return 0;
}
