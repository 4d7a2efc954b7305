/*
 * oracle.c - token scanning, and the sweep and reaping after a run.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oracle.h"
#include "proctab.h"

/* ---- tokens ------------------------------------------------------------- */

static void base64(const unsigned char *in, size_t len, char *out)
{
	static const char t[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;

	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)in[i] << 16;

		if (i + 1 < len)
			v |= (unsigned)in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		out[o++] = t[(v >> 18) & 63];
		out[o++] = t[(v >> 12) & 63];
		out[o++] = i + 1 < len ? t[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < len ? t[v & 63] : '=';
	}
	out[o] = '\0';
}

static bool contains(const char *hay, size_t len, const char *needle)
{
	return memmem(hay, len, needle, strlen(needle)) != NULL;
}

/* How |tok| shows in |out|, or NULL.  Numbers (statfile) only plain. */
static const char *find_encoded(const char *out, size_t len, const char *sq,
                                size_t sq_len, const char *tok)
{
	size_t n = strlen(tok);
	char rev[64], hex[160], b64[128];
	unsigned char shifted[64];

	if (contains(out, len, tok))
		return "plain";
	if (n < 16)
		return NULL;
	for (size_t i = 0; i < n; i++)
		rev[i] = tok[n - 1 - i];
	rev[n] = '\0';
	if (contains(out, len, rev))
		return "reversed";
	for (size_t i = 0; i < n; i++)
		sprintf(hex + 2 * i, "%02x", (unsigned char)tok[i]);
	if (contains(out, len, hex))
		return "hex";
	for (size_t i = 0; hex[i]; i++)
		hex[i] = (char)toupper((unsigned char)hex[i]);
	if (contains(out, len, hex))
		return "hex";
	/* base64 of the token at each of the 3 alignments: the groups that
	 * hold only token bytes do not depend on what surrounds it */
	for (size_t k = 0; k < 3; k++) {
		size_t total;

		memset(shifted, 0, k);
		memcpy(shifted + k, tok, n);
		base64(shifted, k + n, b64);
		total = strlen(b64);
		b64[total - 4] = '\0';
		if (contains(out, len, b64 + (k ? 4 : 0)))
			return "base64";
	}
	if (sq && contains(sq, sq_len, tok))
		return "spread over whitespace";
	return NULL;
}

int oracle_tokens(const struct tokens *tk, const char *out, size_t len,
                  char *ev, size_t size)
{
	char *squeezed = malloc(len + 1);
	size_t sq = 0, used = 0;
	int found = 0;

	for (size_t i = 0; squeezed && i < len; i++)
		if (!isspace((unsigned char)out[i]) &&
		    !strchr("\"',[]", out[i]))
			squeezed[sq++] = out[i];
	ev[0] = '\0';
	for (int i = 0; i < tk->n; i++) {
		const char *how =
		    find_encoded(out, len, squeezed, sq, tk->t[i].value);

		if (!how)
			continue;
		found++;
		if (used < size)
			used += (size_t)snprintf(ev + used, size - used,
			                         "%stoken of %s "
			                         "seen (%s)",
			                         found > 1 ? "; " : "",
			                         tk->t[i].name, how);
	}
	free(squeezed);
	return found;
}

/* ---- after the run ------------------------------------------------------ */

int oracle_sweep(const char *needle, const pid_t *excl, int n_excl, char *ev,
                 size_t size)
{
	int max = proctab_pid_max(), n, found = 0;
	struct proc *p = malloc(PROCTAB_MAX * sizeof(*p));
	char *mark = calloc((size_t)max + 1, 1);
	size_t used = 0;

	ev[0] = '\0';
	if (!p || !mark)
		goto out;
	n = proctab_read(p, PROCTAB_MAX);
	proctab_descendants(p, n, getpid(), mark, max, excl, n_excl);
	for (int i = 0; i < n; i++) {
		char cmd[256];
		bool mine = p[i].pid <= max && mark[p[i].pid] == 1;

		if (p[i].state == 'Z' || p[i].pid == getpid() ||
		    (p[i].pid <= max && mark[p[i].pid] == 2))
			continue;
		proctab_cmdline(p[i].pid, cmd, sizeof(cmd));
		if (!mine && !(needle && *needle && strstr(cmd, needle)))
			continue;
		found++;
		if (used < size)
			used += (size_t)snprintf(
			    ev + used, size - used, "%spid %d '%.60s'",
			    found > 1 ? ", " : "", p[i].pid, cmd);
		kill(p[i].pid, SIGKILL); /* ours: the case's own processes */
	}
out:
	free(p);
	free(mark);
	return found;
}

static bool excluded(pid_t pid, const pid_t *excl, int n_excl)
{
	for (int k = 0; k < n_excl; k++)
		if (excl[k] == pid)
			return true;
	return false;
}

/* Whether a child of this process (of any thread) has ended and waits to
 * be reaped; waitid with WNOWAIT only looks. */
static bool any_ended(void)
{
	siginfo_t si;

	si.si_pid = 0;
	return waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	       si.si_pid != 0;
}

/* Reaps the ended children of this process (of any thread: /proc's ppid
 * is the thread group's) but the excluded ones, and returns how many are
 * still running.  The process table, not /proc/PID/task/TID/children:
 * that file needs CONFIG_PROC_CHILDREN, which kernels such as this
 * machine's leave out. */
static int reap_children(const pid_t *excl, int n_excl)
{
	struct proc *p = malloc(PROCTAB_MAX * sizeof(*p));
	pid_t self = getpid();
	int n, left = 0;

	if (!p)
		return 0;
	n = proctab_read(p, PROCTAB_MAX);
	for (int i = 0; i < n; i++)
		if (p[i].ppid == self && !excluded(p[i].pid, excl, n_excl) &&
		    waitpid(p[i].pid, NULL, WNOHANG) == 0)
			left++;
	free(p);
	return left;
}

int oracle_reap(const pid_t *excl, int n_excl, int swept, int ms)
{
	/* nothing killed and nothing ended: no table to read */
	if (swept == 0 && !any_ended())
		return 0;
	for (int waited = 0;; waited += 10) {
		int left = reap_children(excl, n_excl);

		if (!left || waited >= ms)
			return left;
		usleep(10000);
	}
}
