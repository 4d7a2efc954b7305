/*
 * session.c - a persistent sandboxed runtime: starting it (hello, init,
 * ready), restarting it after a failure, and stopping it.  The event loop
 * every exchange runs on is in session_pump.c, one execute's logic in
 * session_execute.c.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "runtime.h"
#include "session.h"
#include "tools.h"

#define STOP_GRACE_MS 500
/* the least a start may take: start_budget_ms */
#define SESSION_START_MS 10000

void securer_session_opts_init(securer_session_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->backend = SECURER_BACKEND_AUTO;
}

securer_session *securer_session_new(const securer_policy *policy,
                                     securer_runtime runtime,
                                     const securer_tools *tools,
                                     const securer_session_opts *opts)
{
	const struct securer__runtime *rt = securer__runtime(runtime);

	if (!rt) {
		errno = EINVAL;
		return NULL;
	}
	return securer__session_new_rt(policy, rt, tools, opts);
}

securer_session *securer__session_new_proto(const securer_policy *policy,
                                            const securer_tools *tools,
                                            const securer_session_opts *opts)
{
	return securer__session_new_rt(policy, securer__runtime_proto(), tools,
	                               opts);
}

/* Frees what securer__session_new_rt had built when it failed, keeping the
 * errno that says why. */
static void session_free_partial(securer_session *s)
{
	int saved = errno;

	securer_policy_free(s->policy);
	securer_tools_free(s->tools);
	securer__close_fd(&s->intr_fd);
	free(s);
	errno = saved;
}

securer_session *securer__session_new_rt(const securer_policy *policy,
                                         const struct securer__runtime *rt,
                                         const securer_tools *tools,
                                         const securer_session_opts *opts)
{
	securer_session_opts defaults;
	securer_session *s;

	if (!opts) {
		securer_session_opts_init(&defaults);
		opts = &defaults;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->rt = rt;
	s->backend = opts->backend;
	s->to_child = s->from_child = s->out_rd = s->err_rd = -1;
	s->intr_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (s->intr_fd < 0)
		goto fail;
	s->policy = policy ? securer_policy_dup(policy) : securer_policy_new();
	s->tools = securer__tools_dup(tools);
	if (!s->policy || !s->tools) {
		errno = ENOMEM;
		goto fail;
	}
	/* message_bytes 0 ("no limit") is the largest limit there is: a
	 * message is buffered whole, so some bound must remain. */
	securer__lines_init(
	    &s->lines, s->policy->limits[SECURER_LIMIT_MESSAGE]
	                   ? (size_t)s->policy->limits[SECURER_LIMIT_MESSAGE]
	                   : (size_t)1 << 30);
	securer__outq_init(&s->outq);
	/* A log that cannot be opened fails start(), with s->err. */
	s->audit_rc = securer__audit_open(&s->audit, opts->audit_log, opts->log,
	                                  opts->log_userdata, s->err);
	return s;
fail:
	session_free_partial(s);
	return NULL;
}

int securer_session_interrupt(securer_session *s)
{
	uint64_t one = 1;
	int saved = errno;

	if (!s)
		return -EINVAL;
	/* Only write(2): async-signal-safe.  EAGAIN means it rang already. */
	if (write(s->intr_fd, &one, sizeof(one)) < 0 && errno != EAGAIN) {
		int rc = -errno;

		errno = saved;
		return rc;
	}
	errno = saved;
	return 0;
}

void securer__session_clear_interrupt(securer_session *s)
{
	uint64_t n;

	while (read(s->intr_fd, &n, sizeof(n)) < 0 && errno == EINTR)
		;
}

const char *securer_session_error(const securer_session *s)
{
	return s ? s->err : "no session";
}

pid_t securer_session_pid(const securer_session *s)
{
	return s && s->sb && s->ready ? securer_sandbox_pid(s->sb) : -1;
}

securer_backend securer_session_backend(const securer_session *s)
{
	if (!s)
		return SECURER_BACKEND_AUTO;
	return s->sb && s->ready ? securer_sandbox_backend(s->sb) : s->backend;
}

/* ---- starting ----------------------------------------------------------- */

static int on_hello(securer_session *s, cJSON *msg, const char *type, void *ctx)
{
	const char *rt = securer__proto_str(msg, "runtime");
	const char *version = securer__proto_str(msg, "version");
	int64_t proto;

	(void)ctx;
	if (strcmp(type, "hello") != 0)
		return securer__fail(s->err, -EPROTO,
		                     "expected hello, got '%.32s'", type);
	if (securer__proto_int(msg, "protocol", &proto) < 0 || proto != 1)
		return securer__fail(s->err, -EPROTO,
		                     "the runtime speaks another "
		                     "protocol version");
	if (!rt || strcmp(rt, s->rt->name) != 0)
		return securer__fail(s->err, -EPROTO,
		                     "hello from runtime '%.32s', "
		                     "expected '%s'",
		                     rt ? rt : "?", s->rt->name);
	snprintf(s->version, sizeof(s->version), "%s", version ? version : "?");
	return 1;
}

static int on_ready(securer_session *s, cJSON *msg, const char *type, void *ctx)
{
	(void)ctx;
	if (strcmp(type, "ready") == 0)
		return 1;
	if (strcmp(type, "error") == 0) {
		const char *m = securer__proto_str(msg, "message");

		return securer__fail(s->err, -EPROTO,
		                     "the runtime could not define "
		                     "the tools: %.500s",
		                     m ? m : "?");
	}
	return securer__fail(s->err, -EPROTO, "expected ready, got '%.32s'",
	                     type);
}

/* Pipes: host->child (fd 3), child->host (fd 4), stdout, stderr. */
static int make_pipes(securer_session *s, int child[4])
{
	int in[2], ctl[2], out[2], err[2];

	if (pipe2(in, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(ctl, O_CLOEXEC) < 0)
		goto fail_in;
	if (pipe2(out, O_CLOEXEC) < 0)
		goto fail_ctl;
	if (pipe2(err, O_CLOEXEC) < 0)
		goto fail_out;
	s->to_child = in[1];
	s->from_child = ctl[0];
	s->out_rd = out[0];
	s->err_rd = err[0];
	child[0] = in[0];
	child[1] = ctl[1];
	child[2] = out[1];
	child[3] = err[1];
	for (int i = 0; i < 4; i++)
		fcntl((int[]){in[1], ctl[0], out[0], err[0]}[i], F_SETFL,
		      O_NONBLOCK);
	return 0;
fail_out:
	close(out[0]);
	close(out[1]);
fail_ctl:
	close(ctl[0]);
	close(ctl[1]);
fail_in:
	close(in[0]);
	close(in[1]);
	return -errno;
}

/* How long a start may take, sandbox and handshake each: the policy's
 * timeout, which bounds every execute, but never under SESSION_START_MS,
 * so a short execute timeout does not make a loaded machine's R or Python
 * fail to start. */
static int64_t start_budget_ms(const securer_session *s)
{
	int64_t timeout = s->policy->limits[SECURER_LIMIT_TIMEOUT_MS];

	if (timeout <= 0)
		return 60000;
	return timeout > SESSION_START_MS ? timeout : SESSION_START_MS;
}

/* The sandbox with the runtime in it; the pipes' child ends closed. */
static int launch(securer_session *s, const struct securer__runtime *rt)
{
	securer_fd_map fds[3];
	securer_start_opts o;
	int child[4], src = -1, rc;

	if ((rc = make_pipes(s, child)) < 0)
		return securer__fail_errno(s->err, rc, "pipe");
	fds[0] = (securer_fd_map){child[0], SECURER__FD_FROM_HOST};
	fds[1] = (securer_fd_map){child[1], SECURER__FD_TO_HOST};
	if (rt->source) {
		src = securer__memfd_with("securer-runtime", rt->source,
		                          (size_t)*rt->source_size);
		fds[2] = (securer_fd_map){src, SECURER__FD_RUNTIME_SOURCE};
	}
	securer_start_opts_init(&o);
	o.stdout_fd = child[2];
	o.stderr_fd = child[3];
	o.fds = fds;
	o.n_fds = rt->source ? 3 : 2;
	o.start_timeout_ms = start_budget_ms(s);
	s->sb = securer_sandbox_new(s->policy, s->backend);
	if (s->sb)
		securer__sandbox_for_session(s->sb);
	if (!s->sb || (rt->source && src < 0))
		rc = securer__fail(s->err, -ENOMEM, "out of memory");
	else if ((rc = securer_sandbox_start(
	              s->sb, (const char *const *)rt->argv, &o)) < 0)
		memcpy(s->err, securer_sandbox_error(s->sb), sizeof(s->err));
	for (int i = 0; i < 4; i++)
		close(child[i]);
	if (src >= 0)
		close(src);
	return rc;
}

/* The end of the runtime's stderr, for a message about its death. */
static void stderr_tail(const struct securer__capture *c, char *buf,
                        size_t size)
{
	size_t n = c->len < size - 1 ? c->len : size - 1;

	memcpy(buf, c->buf ? c->buf + c->len - n : "", n);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
}

/* hello, init, ready, within the startup deadline. */
static int handshake(securer_session *s)
{
	int64_t budget = start_budget_ms(s);
	int64_t deadline = securer_monotonic_ms() + budget;
	struct securer__capture err;
	enum securer__pump_end end;
	cJSON *init;
	int rc = 0;

	securer__capture_init(&err, 64 * 1024);
	end = securer__pump(s, deadline, on_hello, NULL, NULL, &err);
	if (end == SECURER__PUMP_DONE) {
		init = cJSON_CreateObject();
		cJSON_AddStringToObject(init, "type", "init");
		cJSON_AddNumberToObject(init, "message_bytes",
		                        (double)s->lines.max);
		cJSON_AddItemToObject(init, "tools",
		                      securer__tools_init_json(s->tools));
		rc = securer__outq_push_json(&s->outq, init);
		cJSON_Delete(init);
		if (rc == 0)
			end = securer__pump(s, deadline, on_ready, NULL, NULL,
			                    &err);
	}
	if (rc == 0 && end != SECURER__PUMP_DONE) {
		char tail[600];

		stderr_tail(&err, tail, sizeof(tail));
		if (end == SECURER__PUMP_TIMEOUT)
			securer__fail(s->err, -ETIMEDOUT,
			              "the %s runtime did not "
			              "start within %lld ms%s%s",
			              s->rt->name, (long long)budget,
			              tail[0] ? ": " : "", tail);
		else if (end == SECURER__PUMP_DIED)
			securer__fail(s->err, -EIO,
			              "the %s runtime exited during "
			              "startup%s%s",
			              s->rt->name, tail[0] ? ": " : "", tail);
		else if (end == SECURER__PUMP_INTERRUPTED)
			securer__fail(s->err, -ECANCELED,
			              "the %s runtime's start was interrupted",
			              s->rt->name);
		rc = end == SECURER__PUMP_PROTOCOL      ? -EPROTO
		     : end == SECURER__PUMP_TIMEOUT     ? -ETIMEDOUT
		     : end == SECURER__PUMP_INTERRUPTED ? -ECANCELED
		                                        : -EIO;
	}
	securer__capture_release(&err);
	return rc;
}

static int start_child(securer_session *s)
{
	const struct securer__runtime *rt = s->rt;
	int64_t t0 = securer_monotonic_ms();
	char why[256];
	int rc;

	if (rt->public_id < SECURER_RUNTIME_COUNT_ &&
	    securer_runtime_probe(rt->public_id, why, sizeof(why)) < 0)
		return securer__fail(s->err, -ENOENT, "%s runtime: %s",
		                     rt->name, why);
	securer__lines_reset(&s->lines);
	securer__outq_release(&s->outq);
	if ((rc = launch(s, rt)) < 0 || (rc = handshake(s)) < 0) {
		securer__session_stop(s);
		return rc;
	}
	s->ready = true;
	{
		cJSON *f = cJSON_CreateObject();

		cJSON_AddStringToObject(f, "runtime", rt->name);
		cJSON_AddStringToObject(f, "version", s->version);
		cJSON_AddStringToObject(
		    f, "backend",
		    securer_backend_name(securer_sandbox_backend(s->sb)));
		if (securer_sandbox_auto_reason(
		        s->sb)[0]) /* auto passed bwrap */
			cJSON_AddStringToObject(
			    f, "auto_reason",
			    securer_sandbox_auto_reason(s->sb));
		cJSON_AddNumberToObject(f, "startup_ms",
		                        (double)(securer_monotonic_ms() - t0));
		cJSON_AddNumberToObject(f, "restarts", (double)s->restarts);
		securer__audit_event(&s->audit, "session_start", f);
	}
	securer__audit_log(&s->audit, "%s %s ready under %s in %lld ms",
	                   rt->name, s->version,
	                   securer_backend_name(securer_sandbox_backend(s->sb)),
	                   (long long)(securer_monotonic_ms() - t0));
	return 0;
}

int securer_session_start(securer_session *s)
{
	const struct securer__runtime *rt = s->rt;

	if (s->ready)
		return 0;
	securer__session_clear_interrupt(s);
	if (s->audit_rc < 0)
		return s->audit_rc;
	for (size_t i = 0; rt->binds[i]; i++) {
		bool have = false;

		for (size_t j = 0; j < s->policy->n_binds; j++)
			have |=
			    strcmp(s->policy->binds[j].dst, rt->binds[i]) == 0;
		if (!have && securer_policy_add_ro_bind(s->policy, rt->binds[i],
		                                        NULL) < 0)
			return securer__fail(s->err, -ENOENT, "%s runtime: %s",
			                     rt->name,
			                     securer_policy_error(s->policy));
	}
	return start_child(s);
}

/* ---- stopping ----------------------------------------------------------- */

void securer__session_stop(securer_session *s)
{
	s->ready = false;
	securer__close_fd(&s->to_child);
	if (s->sb)
		securer_sandbox_kill(s->sb);
	securer_sandbox_free(s->sb);
	s->sb = NULL;
	securer__close_fd(&s->from_child);
	securer__close_fd(&s->out_rd);
	securer__close_fd(&s->err_rd);
	securer__outq_release(&s->outq);
	securer__lines_reset(&s->lines);
}

int securer__session_restart(securer_session *s, const char *why)
{
	securer__audit_log(&s->audit, "restarting the runtime: %s", why);
	securer__session_stop(s);
	s->restarts++;
	return start_child(s);
}

void securer_session_free(securer_session *s)
{
	if (!s)
		return;
	if (s->sb && s->ready) {
		/* EOF on fd 3 asks the runtime to exit; then it is killed. */
		securer__close_fd(&s->to_child);
		securer_sandbox_run_to_end(
		    s->sb, securer_monotonic_ms() + STOP_GRACE_MS, NULL);
	}
	securer__session_stop(s);
	{
		cJSON *f = cJSON_CreateObject();

		cJSON_AddNumberToObject(f, "executes", (double)s->executes);
		cJSON_AddNumberToObject(f, "restarts", (double)s->restarts);
		securer__audit_event(&s->audit, "session_close", f);
	}
	securer__audit_close(&s->audit);
	securer__lines_release(&s->lines);
	securer_policy_free(s->policy);
	securer_tools_free(s->tools);
	securer__close_fd(&s->intr_fd);
	free(s);
}
