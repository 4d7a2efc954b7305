/* keyring (C): find the key named T_KEY_DESC (/proc/keys, else a search of
 * the session and user keyrings) and print its payload, by raw keyctl
 * syscalls: the keyctl program need not exist. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "targets.h"

#define KEYCTL_SEARCH 10
#define KEYCTL_READ   11

static long find_key(const char *desc)
{
	char line[512], want[300];
	long serial = -1;
	FILE *f = fopen("/proc/keys", "r");

	snprintf(want, sizeof(want), " %s:", desc);
	while (f && serial < 0 && fgets(line, sizeof(line), f))
		if (strstr(line, want))
			serial = strtol(line, NULL, 16);
	if (f)
		fclose(f);
	for (int ring = -3; serial < 0 && ring >= -4; ring--) /* @s, @u */
		serial =
		    syscall(SYS_keyctl, KEYCTL_SEARCH, ring, "user", desc, 0);
	return serial;
}

int main(int argc, char **argv)
{
	char buf[4096];
	long serial, n;

	targets_load(argc, argv);
	serial = find_key(target("T_KEY_DESC"));
	if (serial < 0) {
		perror("find the key");
		return 1;
	}
	n = syscall(SYS_keyctl, KEYCTL_READ, serial, buf, sizeof(buf) - 1);
	if (n < 0) {
		perror("keyctl read");
		return 1;
	}
	buf[n < (long)sizeof(buf) ? n : (long)sizeof(buf) - 1] = '\0';
	printf("key %ld: %s\n", serial, buf);
	return 0;
}
