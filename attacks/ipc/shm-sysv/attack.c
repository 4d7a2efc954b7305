/* shm-sysv: attach the host's SysV segment read-only, by id and by key,
 * and print what it holds. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/shm.h>

#include "targets.h"

static void dump(int id)
{
	char *p = shmat(id, NULL, SHM_RDONLY);

	if (p == (void *)-1) {
		perror("shmat");
		return;
	}
	printf("segment %d: %.4096s\n", id, p);
	shmdt(p);
}

int main(int argc, char **argv)
{
	int id;

	targets_load(argc, argv);
	dump(atoi(target("T_SHM_ID")));
	if ((id = shmget((key_t)atoi(target("T_SHM_KEY")), 0, 0)) < 0)
		perror("shmget");
	else
		dump(id);
	return 0;
}
