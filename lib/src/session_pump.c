/*
 * session_pump.c - the event loop every exchange of a session runs on
 * (securer__pump, session.h).
 *
 * It never sleeps and never blocks: it polls the protocol pipe, stdout,
 * stderr, the sandbox's pidfd, and, when a message waits to be written,
 * the host-to-child pipe, with the deadline as poll's timeout.  Latency is
 * the kernel's wake-up, not a polling interval.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <unistd.h>

#include "session.h"

/* Handles the complete lines already read; returns -1 to go on. */
static int dispatch(securer_session *s, securer__on_message fn, void *ctx)
{
	char *line;
	size_t len;
	int rc;

	while ((rc = securer__lines_next(&s->lines, &line, &len)) == 1) {
		const char *type;
		cJSON *msg;

		if (securer__proto_parse(line, len, &msg, &type, s->err) < 0)
			return SECURER__PUMP_PROTOCOL;
		rc = fn(s, msg, type, ctx);
		cJSON_Delete(msg);
		if (rc == 1)
			return SECURER__PUMP_DONE;
		if (rc == -EDQUOT)
			return SECURER__PUMP_LIMIT;
		if (rc < 0)
			return SECURER__PUMP_PROTOCOL;
	}
	if (rc == -EMSGSIZE) {
		securer__fail(s->err, -EPROTO,
		              "a message is longer than the "
		              "limit (%zu bytes)",
		              s->lines.max);
		return SECURER__PUMP_PROTOCOL;
	}
	return -1;
}

static void drain(int *fd, struct securer__capture *c)
{
	struct securer__capture sink;

	if (*fd < 0)
		return;
	if (!c) {
		securer__capture_init(&sink, 0);
		c = &sink;
	}
	if (securer__capture_read(c, *fd) == 0)
		securer__close_fd(fd); /* end of file: stop polling it */
	if (c == &sink)
		securer__capture_release(&sink);
}

/* After EOF on the protocol pipe, how long the sandbox may take to end
 * before the EOF counts as a broken protocol rather than a death. */
#define EOF_GRACE_MS 2000

enum securer__pump_end securer__pump(securer_session *s, int64_t deadline,
                                     securer__on_message fn, void *ctx,
                                     struct securer__capture *out,
                                     struct securer__capture *err)
{
	int64_t eof_limit = INT64_MAX;

	for (;;) {
		struct pollfd p[6] = {
		    {s->from_child, POLLIN, 0},
		    {s->out_rd, POLLIN, 0},
		    {s->err_rd, POLLIN, 0},
		    {securer_sandbox_pidfd(s->sb), POLLIN, 0},
		    {s->to_child, POLLOUT, 0},
		    {s->intr_fd, POLLIN, 0},
		};
		int64_t left = deadline - securer_monotonic_ms();
		int rc = dispatch(s, fn, ctx), n;

		if (rc >= 0)
			return (enum securer__pump_end)rc;
		rc = securer__outq_flush(&s->outq, s->to_child);
		if (rc < 0 && rc != -EPIPE) {
			securer__fail_errno(s->err, rc,
			                    "cannot write to the runtime");
			return SECURER__PUMP_DIED;
		}
		if (rc != 1)
			p[4].fd = -1;
		if (left <= 0)
			return SECURER__PUMP_TIMEOUT;
		if (securer_monotonic_ms() >= eof_limit) {
			securer__fail(s->err, -EPROTO,
			              "the runtime closed its "
			              "protocol channel");
			return SECURER__PUMP_PROTOCOL;
		}
		if (eof_limit - securer_monotonic_ms() < left)
			left = eof_limit - securer_monotonic_ms();
		n = poll(p, 6, left > 0x7fffffff ? 0x7fffffff : (int)left);
		if (n < 0 && errno != EINTR) {
			securer__fail_errno(s->err, -errno, "poll");
			return SECURER__PUMP_DIED;
		}
		if (n <= 0)
			continue;
		if (p[5].revents) {
			securer__session_clear_interrupt(s);
			securer__fail(s->err, -ECANCELED, "interrupted");
			return SECURER__PUMP_INTERRUPTED;
		}
		if (p[1].revents)
			drain(&s->out_rd, out);
		if (p[2].revents)
			drain(&s->err_rd, err);
		if (p[0].revents) {
			rc = securer__lines_fill(&s->lines, s->from_child);
			if (rc == 0) {
				/* EOF on fd 4: the runtime is dying (the pidfd
				 * will say so), or it broke the protocol. */
				securer__close_fd(&s->from_child);
				eof_limit =
				    securer_monotonic_ms() + EOF_GRACE_MS;
			} else if (rc == -EMSGSIZE) {
				securer__fail(s->err, -EPROTO,
				              "a message is longer "
				              "than the limit (%zu bytes)",
				              s->lines.max);
				return SECURER__PUMP_PROTOCOL;
			}
		}
		if (p[3].revents) {
			/* Dead: what it managed to send still counts. */
			if (s->from_child >= 0)
				while (securer__lines_fill(&s->lines,
				                           s->from_child) == 1)
					;
			rc = dispatch(s, fn, ctx);
			drain(&s->out_rd, out);
			drain(&s->err_rd, err);
			return rc >= 0 ? (enum securer__pump_end)rc
			               : SECURER__PUMP_DIED;
		}
	}
}
