/*
 * case.c - one run: start, capture output, enforce the deadline, conclude.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "oracle.h"

/* Reads what is buffered; true at end of file. */
static bool take_output(int fd, struct case_out *o)
{
	char buf[65536];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		size_t room = CASE_OUTPUT_MAX - o->out_len;
		size_t k = (size_t)n < room ? (size_t)n : room;

		memcpy(o->out + o->out_len, buf, k);
		o->out_len += k;
	}
	return n == 0;
}

int case_run(const struct case_spec *spec, struct case_out *o)
{
	int64_t timeout =
	    securer_policy_limit(spec->policy, SECURER_LIMIT_TIMEOUT_MS);
	struct sampler sampler;
	securer_start_opts so;
	securer_sandbox *sb;
	int64_t t0, deadline;
	int pipefd[2];
	bool ended = false;

	memset(o, 0, sizeof(*o));
	o->out = malloc(CASE_OUTPUT_MAX + 1);
	if (!o->out || pipe2(pipefd, O_CLOEXEC) < 0) {
		snprintf(o->msg, sizeof(o->msg), "out of resources");
		o->start_rc = -ENOMEM;
		return -1;
	}
	fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
	sb = securer_sandbox_new(spec->policy, spec->backend);
	securer_start_opts_init(&so);
	so.stdout_fd = pipefd[1];
	so.stderr_fd = pipefd[1];
	so.caller_env = spec->env;
	if (spec->sample)
		sampler_start(&sampler, spec->memory_floor_kb);
	t0 = securer_monotonic_ms();
	deadline = timeout > 0 ? t0 + timeout : -1;
	o->start_rc = sb ? securer_sandbox_start(sb, spec->argv, &so) : -ENOMEM;
	close(pipefd[1]);
	if (o->start_rc < 0) {
		snprintf(o->msg, sizeof(o->msg), "%s",
		         sb ? securer_sandbox_error(sb) : "out of memory");
		if (spec->sample)
			sampler_stop(&sampler);
		securer_sandbox_free(sb);
		close(pipefd[0]);
		return -1;
	}
	while (!ended) {
		struct pollfd p[2] = {{pipefd[0], POLLIN, 0},
		                      {securer_sandbox_pidfd(sb), POLLIN, 0}};
		int64_t now = securer_monotonic_ms();
		int wait_ms = deadline < 0 ? 100 : (int)(deadline - now);

		if (wait_ms > 100)
			wait_ms =
			    100; /* the memory floor is checked this often */
		if (deadline >= 0 && now >= deadline)
			break;
		if (spec->sample && atomic_load(&sampler.low_memory)) {
			o->low_memory = true;
			break;
		}
		if (poll(p, 2, wait_ms < 0 ? 0 : wait_ms) < 0 && errno != EINTR)
			break;
		if (p[0].revents)
			take_output(pipefd[0], o);
		ended = p[1].revents != 0;
	}
	if (!ended)
		securer_sandbox_kill(sb);
	o->wait_rc = securer_sandbox_wait(sb, -1, &o->st);
	o->elapsed_ms = securer_monotonic_ms() - t0;
	if (!ended)
		o->st.timed_out = 1;
	if (o->wait_rc < 0)
		snprintf(o->msg, sizeof(o->msg), "%s",
		         securer_sandbox_error(sb));
	if (spec->sample) {
		sampler_stop(&sampler);
		o->peak_procs = atomic_load(&sampler.peak);
	}
	/* Every writer should be gone; a survivor holding the pipe is the
	 * leftover oracle's business, not a reason to hang here. */
	for (int round = 0; round < 10; round++) {
		struct pollfd p = {pipefd[0], POLLIN, 0};

		if (poll(&p, 1, 200) <= 0 || take_output(pipefd[0], o))
			break;
	}
	o->out[o->out_len] = '\0';
	close(pipefd[0]);
	securer_sandbox_free(sb);
	return 0;
}

void case_out_release(struct case_out *o)
{
	free(o->out);
	o->out = NULL;
}
