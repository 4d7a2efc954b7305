/*
 * canary.h - what the runner plants for attacks to find, per case, inside
 * the case's own directory (never the user's real files):
 *   a fake home with credentials, histories and shell rc files, each
 *   credential holding its own token;
 *   a production-data directory and a workspace (with a .git and
 *   data/raw/input.csv), each with a checksum manifest;
 *   the path of a host marker that must never appear.
 * Tokens are random per run and never written to the targets file.
 */
#ifndef SECURER_CONFORM_CANARY_H
#define SECURER_CONFORM_CANARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_TOKENS 48

struct tokens {
	int n;
	struct {
		char name[48]; /* where it was planted: "~/.ssh/id_rsa" */
		char value[40];
	} t[MAX_TOKENS];
};

/* A fresh random token named |name|; NULL when the set is full. */
const char *tokens_add(struct tokens *tk, const char *name);
/* Adds a token with a given value (a number, say). */
void tokens_add_value(struct tokens *tk, const char *name, const char *value);
/* The row's tokens: one per credential file of the fake home. */
int tokens_make(struct tokens *tk);
/* The value of the token named |name|, or NULL. */
const char *tokens_get(const struct tokens *tk, const char *name);

struct canaries {
	char dir[512];    /* T_CASE */
	char home[600];   /* T_HOME */
	char prod[600];   /* T_PROD */
	char work[600];   /* T_WORK */
	char marker[600]; /* T_MARKER */
	char trash[600];  /* canary_clear's, beside |dir| */
	uint64_t prod_hash, home_hash, git_hash;
	/* what prod and home were as planted, entry by entry (canary.c:
	 * tree_identity): a tree still the same is not planted again */
	uint64_t prod_id, home_id;
	/* set when a case left processes behind (swept or still running):
	 * they may hold a descriptor, a working directory or a mapping in a
	 * tree, so the next reset plants every tree anew */
	bool replant;
};

/* Plants everything under |dir| (created).  0, or -1 with the reason. */
int canary_plant(struct canaries *c, const char *dir, const struct tokens *tk,
                 char *err, size_t err_size);
/* Restores prod, home and the workspace's .git to their planted state
 * (between the columns of a row: the control deletes prod, for one).  The
 * workspace is always planted anew; prod and home only when an entry of
 * theirs was added, removed or touched since they were planted (its inode,
 * its change time or its owner differ: any write, chmod, chown, link,
 * rename or extended attribute moves the change time) or their content
 * differs, or when |c|->replant says a case left processes behind; else
 * they are the very files planted, untouched, and stay. */
int canary_reset(struct canaries *c, const struct tokens *tk, char *err,
                 size_t err_size);

/* Takes what is planted now as the reference: a fixture that laid the
 * workspace's .git out anew (a real repository) calls it.  0, or -1. */
int canary_rehash(struct canaries *c);

/* Which planted tree changed, with a line of evidence. */
bool canary_prod_changed(const struct canaries *c, char *ev, size_t size);
bool canary_home_changed(const struct canaries *c, char *ev, size_t size);
bool canary_git_changed(const struct canaries *c, char *ev, size_t size);

/* A hash of every name, mode, size and byte under |root| (no symlinks
 * followed); |files| counts regular files.  -1 when |root| is gone. */
int canary_hash_tree(const char *root, uint64_t *hash, int *files);

/* Removes a directory tree, never following symlinks. */
void canary_rmtree(const char *dir);

/* What a case left in a planted tree goes before the next case: removed,
 * or, past CANARY_BULK entries (inode-exhaust's 10000 files), moved into
 * |trash| whole, for the run's end to remove (the directory CANARY_TRASH
 * beside the rows' own; runner.c).  On ext4 without a journal, each new
 * inode skips the free ones of its block group deleted in the last 60 to
 * 360 s (recently_deleted, one buffer lookup each): 10000 files deleted
 * made the next 10000 made in that group take 7 to 17 s instead of about
 * 1 s, in the next case of the row or the next row. */
#define CANARY_BULK  1000
#define CANARY_TRASH "trash"
void canary_clear(const char *tree, const char *trash);

/* Ends a row: its planted trees as canary_clear does, then |c->dir|. */
void canary_remove(const struct canaries *c);

/* Makes |dir| a "top" directory where the filesystem knows one (ext4's
 * Orlov allocator, the T attribute of chattr): each directory made in it
 * lands in a block group of its own.  Cases delete and plant files all
 * the time, and ext4 without a journal makes each new file skip the
 * inodes of its group deleted in the last minutes (recently_deleted): in
 * one group, that scan grew with every deletion before it (a fifth of a
 * light run's CPU; inode-exhaust's second 10000 files took 10 s).  The
 * run's directory gets it, so each row's directory lands apart, with the
 * row's home, workspace and production directory in its group (rows are
 * named with their worker's pid: a directory's name picks where Orlov
 * starts looking, and the same row of the last run left its deletions
 * there); so does the run's tmp (worker.h: WORKER_TMP).  Not each row's:
 * a top directory's every mkdir scans every group's counts (4 CPU-s a
 * run), and the attacks' directories still landed where the last run's
 * deletions were.  Where the flag is unknown, nothing changes. */
void canary_spread(const char *dir);

#endif
