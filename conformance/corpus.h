/*
 * corpus.h - the attack corpus: attacks/<category>/<id>/attack.json plus one
 * file per language it is written in.
 */
#ifndef SECURER_CONFORM_CORPUS_H
#define SECURER_CONFORM_CORPUS_H

#include <stdbool.h>
#include <stddef.h>

enum lang { LANG_SH, LANG_C, LANG_COUNT };

/* What an oracle watches, from outside the sandbox. */
enum oracle {
	ORACLE_TOKEN = 1 << 0,    /* a planted secret seen in the output */
	ORACLE_TCP = 1 << 1,      /* the loopback listener got a connection */
	ORACLE_MARKER = 1 << 2,   /* a host marker file appeared */
	ORACLE_MANIFEST = 1 << 3, /* the production dir changed */
	ORACLE_PROCS = 1 << 4,    /* too many processes at once */
	ORACLE_MEMORY = 1 << 5,   /* too much memory resident */
	ORACLE_TIMEOUT = 1 << 6,  /* the run was not over at timeout + grace */
	ORACLE_LEFTOVER = 1 << 7, /* processes of the run outlived it */
};

struct attack {
	char id[64];
	char title[160];
	char category[64];
	char attempts[512];
	char source[512];
	char layer[256];
	char kind[16];    /* "effect" or "surface" */
	bool seed;        /* one of the mission's scenarios */
	unsigned oracles; /* enum oracle bits */
	char needs[8][32];
	int n_needs;
	int timeout_ms;
	char src_dir[1024];   /* absolute path of the attack's folder */
	char bin[1024];       /* absolute path of the built C attack */
	bool has[LANG_COUNT]; /* a version in this language exists */
};

const char *lang_name(enum lang l);
const char *oracle_name(unsigned bit);
/* "token", "tcp", ... to a bit; 0 when unknown. */
unsigned oracle_from_name(const char *name);

/* Loads every attack under |attacks_dir| whose id matches |glob| (NULL: all),
 * sorted by category and id.  C attacks are looked up under
 * |build_dir|/attacks/<category>/<id>/attack.  Returns 0, or -1 with the
 * reason in |err| (unknown key, missing field, bad value: the file and key
 * are named). */
int corpus_load(const char *attacks_dir, const char *build_dir,
                const char *glob, struct attack **out, size_t *n, char *err,
                size_t err_size);

#endif
