/*
 * canary.h - what the runner plants for attacks to find, all inside one
 * private temporary directory (never the user's real files):
 *   a fake home with ~/.ssh/id_rsa, ~/.aws/credentials and a shell history,
 *   each holding its own random token;
 *   secret environment variables, each with its own token;
 *   a production-data directory with a checksum manifest;
 *   per case, the path of a host marker file that must never appear.
 * Tokens are random per run and never written to the targets file.
 */
#ifndef SECURER_CONFORM_CANARY_H
#define SECURER_CONFORM_CANARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CANARY_TOKENS 8

struct canaries {
	char root[256]; /* the private temp dir */
	char home[320]; /* fake home */
	char prod[320]; /* production data */
	struct {
		char name[48]; /* "~/.ssh/id_rsa", "env OPENAI_API_KEY" */
		char value[40];
	} tokens[CANARY_TOKENS];
	int n_tokens;
	char **env;        /* caller environment: ours + secrets + HOME */
	uint64_t manifest; /* hash of the production tree */
	int manifest_files;
};

/* Plants everything; returns 0 or -1 with the reason. */
int canary_plant(struct canaries *c, char *err, size_t err_size);
/* (Re)creates the production tree and records its manifest. */
int canary_reset_prod(struct canaries *c, char *err, size_t err_size);
/* True when the production tree differs from its manifest. */
bool canary_prod_changed(const struct canaries *c, char *evidence, size_t size);
/* Removes the whole private directory. */
void canary_remove(struct canaries *c);

#endif
