/*
 * fixture_peer.c - the peer fixture: a second session, held by a helper
 * process during the run, with a secret in its HOME and a tool of its own
 * (fixtures_int.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures_int.h"
#include "fmt.h"
#include "securer.h"
#include "securer_harness.h" /* securer__cgroup_drain */

static int peer_tool(void *userdata, const char *args, char **result,
                     char **error)
{
	const char *flag = userdata;

	(void)args;
	(void)error;
	fixture_write_text(flag, "called\n", 0644);
	*result = strdup("true");
	return *result ? 0 : -ENOMEM;
}

/* The helper: holds a session executing `sleep` until the stop pipe
 * closes; reports the session's sandbox pid on |report|. */
static void peer_main(struct fixtures *f, securer_backend backend, int report,
                      int stop)
{
	securer_policy *p = securer_policy_new();
	securer_tools *t = securer_tools_new();
	securer_session_opts so;
	securer_session *s;
	securer_result *r = NULL;
	pid_t pid;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	securer_session_opts_init(&so);
	so.backend = backend;
	if (!p || !t ||
	    securer_policy_set_env(p, "PEER_SECRET",
	                           tokens_get(f->tk, "peer session env")) < 0 ||
	    securer_tools_add(t, "peer_canary", "the peer's own tool", NULL, 0,
	                      peer_tool, f->peer_flag) < 0 ||
	    !(s = securer_session_new(p, SECURER_RUNTIME_SH, t, &so)) ||
	    securer_session_start(s) < 0)
		_exit(1);
	/* the secret is in its HOME before anyone is told the peer is there */
	if (securer_session_execute(s,
	                            "printf '%s' \"$PEER_SECRET\" > "
	                            "\"$HOME/peer-secret\"",
	                            NULL, &r) < 0 ||
	    securer_result_error(r) != SECURER_ERROR_NONE)
		_exit(1);
	securer_result_free(r);
	r = NULL;
	pid = securer_session_pid(s);
	if (write(report, &pid, sizeof(pid)) != sizeof(pid))
		_exit(1);
	close(report);
	for (;;) {
		struct pollfd pf = {stop, POLLIN, 0};

		if (poll(&pf, 1, 0) != 0)
			break;
		securer_session_execute(s, "sleep 20", NULL, &r);
		securer_result_free(r);
		r = NULL;
	}
	securer_session_free(s);
	securer__cgroup_drain(); /* _exit skips the destructor that would */
	_exit(0);
}

int fixture_start_peer(struct fixtures *f, const struct column *col)
{
	securer_backend b = col->control || col->external
	                        ? SECURER_BACKEND_NONE
	                        : (securer_backend)col->backend;
	int rep[2], stop[2];
	struct pollfd pf;
	pid_t pid;

	if (fmt(f->peer_flag, sizeof(f->peer_flag), "%s/peer-called",
	        f->c->dir) < 0 ||
	    pipe2(rep, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(stop, O_CLOEXEC) < 0) {
		close(rep[0]);
		close(rep[1]);
		return -1;
	}
	unlink(f->peer_flag);
	pid = fork();
	if (pid == 0) {
		close(rep[0]);
		close(stop[1]);
		peer_main(f, b, rep[1], stop[0]);
	}
	close(rep[1]);
	close(stop[0]);
	if (pid < 0) {
		close(rep[0]);
		close(stop[1]);
		return -1;
	}
	f->peer = pid;
	f->peer_stop = stop[1];
	pf = (struct pollfd){rep[0], POLLIN, 0};
	if (poll(&pf, 1, 15000) <= 0 ||
	    read(rep[0], &f->peer_sandbox, sizeof(f->peer_sandbox)) !=
	        sizeof(f->peer_sandbox)) {
		close(rep[0]);
		return -1;
	}
	close(rep[0]);
	return 0;
}

void fixture_stop_peer(struct fixtures *f)
{
	int status;

	if (f->peer <= 0)
		return;
	close(f->peer_stop);
	f->peer_stop = -1;
	/* ending the session's sandbox ends the execute; the helper then
	 * sees the closed pipe and frees the session */
	if (f->peer_sandbox > 0)
		kill(f->peer_sandbox, SIGKILL);
	for (int i = 0; i < 100; i++) {
		if (waitpid(f->peer, &status, WNOHANG) == f->peer) {
			f->peer = 0;
			return;
		}
		usleep(50000);
	}
	kill(f->peer, SIGKILL);
	waitpid(f->peer, &status, 0);
	f->peer = 0;
}
