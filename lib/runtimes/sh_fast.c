/*
 * sh_fast.c - the driver's side of in-process tool calls.
 *
 * A tool command (sh_tool.c) is a fork and an exec of securer-init: about
 * 0.5 ms of CPU per call on this project's machines, for a round trip the
 * protocol does in tens of microseconds.  So the tool functions
 * (sh_init.c) check whether they run in the shell process itself (not in
 * a subshell, a pipeline or a command substitution, which may run beside
 * the shell): then they write the call to the driver on the shell's fd 7
 * and read the answer on its fd 8 with builtins only; anywhere else they
 * run the tool command as before.  Only the shell itself takes this path,
 * and it waits for each answer, so calls on it never overlap; the driver
 * takes the same lock as the tool commands (sh_tool_run), so they do not
 * overlap those either.
 *
 * A call, as printf '%s\0' writes it:  @securer-call \0 SEQ \0 ARGC \0
 * NAME \0 SPEC \0 WORD \0 ... (ARGC counts NAME, SPEC and the words).
 * The answer is one line, after a newline that ends whatever an
 * interrupted reader left:
 *
 *	\n SEQ STATUS xOUT xERR \n
 *
 * OUT and ERR are what the tool command would print on stdout and stderr,
 * behind an "x" (never empty), escaped for printf %b: a backslash as \\,
 * bytes below 0x21 and 0x7f as \0NNN, so no field holds a space or a
 * newline.  The function discards lines of another SEQ.
 *
 * Nothing here trusts the shell: the code may write anything to fd 7.
 * Bytes that are not a call are skipped a field at a time up to the next
 * mark; a caller whose call the code itself garbled so waits until the
 * execute's timeout.  So does one whose fds 7 and 8 the code pointed at
 * another pipe ("exec 7>&1" when stdout is a pipe); closed or pointed at
 * a file they fail the "test -p" and the call takes the tool command.  What a
 *call can do is what the code can do with the tool command anyway.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh_fast.h"
#include "sh_io.h"
#include "sh_runtime.h"

/* The most a pending call may hold: a tool command's argv is bounded by
 * the kernel's ARG_MAX (2 MiB by default) anyway. */
#define REQ_MAX  ((size_t)4 << 20)
#define ARGS_MAX 4096
/* The first field of every call: garbage before it is skipped field by
 * field until a call starts again. */
#define CALL_MARK "@securer-call"

void sh_fast_init(struct sh_fast *f)
{
	json_buf_init(&f->in, REQ_MAX);
	json_buf_init(&f->out, SH_MSG_MAX);
	f->out_off = 0;
}

void sh_fast_release(struct sh_fast *f)
{
	json_buf_release(&f->in);
	json_buf_release(&f->out);
	f->out_off = 0;
}

void sh_fast_reset(struct sh_fast *f)
{
	json_buf_reset(&f->in);
	json_buf_reset(&f->out);
	f->out_off = 0;
}

bool sh_fast_pending(const struct sh_fast *f)
{
	return f->out_off < f->out.len;
}

static void escape(struct json_buf *b, const char *p, size_t n)
{
	json_buf_add(b, "x", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '\\')
			json_buf_add(b, "\\\\", 2);
		else if (c < 0x21 || c == 0x7f)
			json_buf_addf(b, "\\0%03o", c);
		else
			json_buf_add(b, p + i, 1);
	}
}

/* A decimal field of at most 9 digits; -1 if not. */
static long small_number(const char *s)
{
	long v = 0;
	size_t n = strlen(s);

	if (n == 0 || n > 9)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* Serves the call at the start of f->in if it is complete: returns the
 * bytes it took, 0 when more must come, -1 when it is not a call. */
static long serve_one(struct sh_fast *f)
{
	char *p = f->in.p, *end = f->in.p + f->in.len;
	char *field[ARGS_MAX + 3];
	long seq = -1, argc = 0;
	size_t n = 0;

	/* the NUL-terminated fields, as far as they are complete */
	while (p < end && n < ARGS_MAX + 3) {
		char *nul = memchr(p, '\0', (size_t)(end - p));

		if (!nul)
			break;
		field[n++] = p;
		p = nul + 1;
		if (n == 1 && strcmp(field[0], CALL_MARK) != 0)
			return -1;
		if (n == 3) {
			seq = small_number(field[1]);
			argc = small_number(field[2]);
			if (seq < 0 || argc < 2 || argc > ARGS_MAX)
				return -1;
		}
		if (n >= 3 && (long)n == argc + 3)
			break;
	}
	if (n < 3 || (long)n < argc + 3)
		return 0;
	{
		struct json_buf out, err;
		int status;

		json_buf_init(&out, SH_MSG_MAX / 2);
		json_buf_init(&err, SH_MSG_MAX / 4);
		status = sh_tool_run((int)argc, field + 3, &out, &err);
		json_buf_addf(&f->out, "\n%ld %d ", seq, status);
		escape(&f->out, out.p ? out.p : "", out.len);
		json_buf_add(&f->out, " ", 1);
		escape(&f->out, err.p ? err.p : "", err.len);
		json_buf_add(&f->out, "\n", 1);
		json_buf_release(&out);
		json_buf_release(&err);
	}
	return (long)(p - f->in.p);
}

/* After bytes that are not a call: skips one field, to find the next
 * call's mark; how many bytes (0: no complete field yet). */
static long skip_field(const struct sh_fast *f)
{
	const char *nul = memchr(f->in.p, '\0', f->in.len);

	return nul ? (long)(nul - f->in.p + 1) : 0;
}

static void flush(struct sh_fast *f, int rep_fd)
{
	while (f->out_off < f->out.len) {
		ssize_t w = write(rep_fd, f->out.p + f->out_off,
		                  f->out.len - f->out_off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno != EAGAIN) {
			/* nobody reads fd 8 any more: drop the replies */
			f->out_off = f->out.len;
			break;
		}
		if (w <= 0)
			break; /* full: poll says when there is room */
		f->out_off += (size_t)w;
	}
	if (f->out_off == f->out.len) {
		json_buf_reset(&f->out);
		f->out_off = 0;
	}
}

void sh_fast_service(struct sh_fast *f, int req_fd, int rep_fd)
{
	char buf[65536];
	ssize_t got;

	while ((got = read(req_fd, buf, sizeof(buf))) > 0 ||
	       (got < 0 && errno == EINTR)) {
		if (got > 0)
			json_buf_add(&f->in, buf, (size_t)got);
		if (f->in.failed) { /* larger than any call: not one */
			json_buf_reset(&f->in);
			continue;
		}
		for (;;) {
			long took = f->in.len ? serve_one(f) : 0;

			if (took < 0) /* not a call: look for the next one */
				took = skip_field(f);
			if (took == 0)
				break;
			memmove(f->in.p, f->in.p + took,
			        f->in.len - (size_t)took);
			f->in.len -= (size_t)took;
			f->in.p[f->in.len] = '\0';
		}
	}
	flush(f, rep_fd);
}
