/*
 * sigint.c - Ctrl-C while a session executes.
 *
 * R's SIGINT handler only sets a flag that R reads between evaluations; a
 * session blocked in securer_session_execute would not see it until the
 * code ends (or its timeout).  So while an execute runs, our handler takes
 * SIGINT and calls securer_session_interrupt (async-signal-safe): the
 * library kills the sandbox, restarts the runtime and returns a result of
 * kind "interrupted", and R/session.R then raises R's own interrupt.
 *
 * When the execute runs R code (a tool, the output handler), R's handler
 * is put back for that time, so the R code can be interrupted the usual
 * way; host.c then interrupts the session too.
 *
 * Scopes nest (a tool may execute code in another session): each keeps
 * the disposition it replaced and puts it back when it ends.  A process
 * that ignores SIGINT (a background job) keeps ignoring it.
 */
#include <signal.h>
#include <string.h>

#include "glue.h"

static struct sigint_scope *volatile current;
static struct sigaction r_action; /* R's, saved by the outermost scope */
static struct sigaction saved[64];
static int depth;

static void on_sigint(int sig)
{
	struct sigint_scope *sc = current;

	(void)sig;
	if (!sc)
		return;
	sc->hit = 1;
	securer_session_interrupt(sc->session);
}

static void install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
}

void sigint_enter(struct sigint_scope *sc, securer_session *s)
{
	struct sigaction old;

	sc->outer = current;
	sc->session = s;
	sc->hit = 0;
	sc->installed = 0;
	if (depth >= (int)(sizeof(saved) / sizeof(saved[0])) ||
	    sigaction(SIGINT, NULL, &old) < 0 || old.sa_handler == SIG_IGN) {
		current = sc;
		return;
	}
	if (depth == 0)
		r_action = old; /* R's own: what R code runs under */
	saved[depth++] = old;
	sc->installed = 1;
	current = sc;
	install();
}

void sigint_leave(struct sigint_scope *sc)
{
	if (sc->installed) {
		sigaction(SIGINT, &saved[--depth], NULL);
	}
	current = sc->outer;
}

void sigint_r_begin(void)
{
	if (current && current->installed)
		sigaction(SIGINT, &r_action, NULL);
}

void sigint_r_end(void)
{
	if (current && current->installed)
		install();
}

void sigint_interrupt_current(void)
{
	struct sigint_scope *sc = current;

	if (!sc)
		return;
	sc->hit = 1;
	securer_session_interrupt(sc->session);
}
