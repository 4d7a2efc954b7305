/* sysv-shm-bomb: 8 private segments of 256 MiB, each attached, touched
 * and detached (the pages stay with the segment), held 1 s (when it
 * got any), removed. */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

#define SEG (256u << 20)

int main(void)
{
	int ids[8], n = 0;

	for (; n < 8; n++) {
		char *p;

		ids[n] = shmget(IPC_PRIVATE, SEG, IPC_CREAT | 0600);
		if (ids[n] < 0) {
			perror("shmget");
			break;
		}
		p = shmat(ids[n], NULL, 0);
		if (p == (void *)-1) {
			perror("shmat");
			n++;
			break;
		}
		memset(p, 's', SEG);
		shmdt(p);
	}
	printf("%d segments\n", n);
	fflush(stdout);
	if (n > 0) /* nothing to hold when shmget is denied */
		sleep(1);
	for (int i = 0; i < n; i++)
		shmctl(ids[i], IPC_RMID, NULL);
	return 0;
}
