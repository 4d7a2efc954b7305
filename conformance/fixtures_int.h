/*
 * fixtures_int.h - what the fixture files share: the processes and the pty
 * (fixture_proc.c), the peer session (fixture_peer.c) and two helpers of
 * fixtures.c.  Private to fixture*.c; fixtures.h is the public side.
 */
#ifndef SECURER_CONFORM_FIXTURES_INT_H
#define SECURER_CONFORM_FIXTURES_INT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "fixtures.h"
#include "model.h"

/* fixtures.c.  Writes |text| to |path| (created with |mode|, never through
 * a symlink): 0, or -1. */
int fixture_write_text(const char *path, const char *text, mode_t mode);
/* Appends "; " and |text| to |ev| (|size| bytes, |used| used). */
void fixture_add_ev(char *ev, size_t size, size_t *used, const char *text);

/* fixture_proc.c: 0, or -1 with errno set. */
int fixture_start_sentinel(struct fixtures *f); /* once per row */
/* Before a run: what the sentinel is like now (running, nice, limits,
 * CPUs).  After it: ORACLE_BIT(ORACLE_SENTINEL) when the run killed,
 * stopped, traced, reniced or re-limited it (a fresh one is started), else
 * 0. */
int fixture_watch_sentinel(struct fixtures *f);
uint64_t fixture_check_sentinel(struct fixtures *f, char *ev, size_t size,
                                size_t *used);
int fixture_open_tty(struct fixtures *f);     /* per run */
int fixture_start_victim(struct fixtures *f); /* per run */
/* After a run: ORACLE_BIT(ORACLE_TTY) when bytes were pushed into the
 * pty's input queue, ORACLE_BIT(ORACLE_EXE) when the victim's program was
 * rewritten or removed (the victim is ended first); else 0.  Evidence is
 * appended to |ev|. */
uint64_t fixture_check_tty(struct fixtures *f, char *ev, size_t size,
                           size_t *used);
uint64_t fixture_check_victim(struct fixtures *f, char *ev, size_t size,
                              size_t *used);

/* fixture_git.c.  Per run, after the canaries: the workspace laid out as
 * the git fixture says (0 when there is none), or -1.  After the run: the
 * user's `git status` in the workspace and in docs/; ORACLE_BIT(
 * ORACLE_MARKER) when that made T_MARKER appear, else 0. */
int fixture_git_layout(struct fixtures *f);
uint64_t fixture_git_user(struct fixtures *f, char *ev, size_t size,
                          size_t *used);

/* fixture_peer.c.  Starts the helper holding the peer session under the
 * backend of |col| (none for the control and external columns) and waits
 * for its sandbox pid: 0, or -1. */
int fixture_start_peer(struct fixtures *f, const struct column *col);
/* Ends the peer session and its helper; nothing when there is none. */
void fixture_stop_peer(struct fixtures *f);

#endif
