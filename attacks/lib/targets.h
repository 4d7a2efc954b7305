/*
 * targets.h - what an attack knows about its victim: the paths and ports of
 * the canaries, read from the targets file the runner passes as argv[1].
 * The file holds lines NAME='value' (sh-sourceable); it never holds a
 * secret, only where secrets are.  Header-only so each attack stays one file.
 */
#ifndef SECURER_ATTACK_TARGETS_H
#define SECURER_ATTACK_TARGETS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TARGETS_MAX 64

static struct {
	char name[64];
	char value[1024];
} targets_tab[TARGETS_MAX];
static int targets_n;

/* Loads argv[1]; exits 2 when it cannot. */
static void targets_load(int argc, char **argv)
{
	char line[1200];
	FILE *f;

	if (argc < 2 || !(f = fopen(argv[1], "r"))) {
		fprintf(stderr, "usage: %s TARGETS_FILE\n", argv[0]);
		exit(2);
	}
	while (targets_n < TARGETS_MAX && fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '='), *v, *end;

		if (!eq || line[0] == '#')
			continue;
		*eq = '\0';
		v = eq + 1;
		end = v + strcspn(v, "\n");
		*end = '\0';
		if (*v == '\'' && end > v + 1 && end[-1] == '\'') {
			v++;
			end[-1] = '\0';
		}
		if (snprintf(targets_tab[targets_n].name,
		             sizeof(targets_tab[0].name), "%s",
		             line) >= (int)sizeof(targets_tab[0].name) ||
		    snprintf(targets_tab[targets_n].value,
		             sizeof(targets_tab[0].value), "%s",
		             v) >= (int)sizeof(targets_tab[0].value))
			continue; /* too long to be ours */
		targets_n++;
	}
	fclose(f);
}

/* The value of |name|, or "" when the runner did not set it. */
static const char *target(const char *name)
{
	for (int i = 0; i < targets_n; i++)
		if (strcmp(targets_tab[i].name, name) == 0)
			return targets_tab[i].value;
	return "";
}

#endif
