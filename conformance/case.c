/*
 * case.c - one run: start, capture everything, enforce the deadline, end.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "case.h"
#include "judge.h" /* MEMORY_THRESHOLD_KB */
#include "sampler.h"
#include "textfile.h"
#include "securer_harness.h" /* securer__signals_default */

static void append(struct case_out *o, const char *data, size_t len)
{
	size_t room = CASE_OUTPUT_MAX - o->out_len;
	size_t k = len < room ? len : room;

	memcpy(o->out + o->out_len, data, k);
	o->out_len += k;
}

/* Reads what is buffered; true at end of file. */
static bool take_output(int fd, struct case_out *o)
{
	char buf[65536];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		append(o, buf, (size_t)n);
	return n == 0;
}

/* The sampler's stop thresholds: the oracles' own (judge.h), for those of
 * |mask| it can see. */
static struct sampler_stop stop_at(uint64_t mask, bool gauges)
{
#define ON(o, v) ((mask & ORACLE_BIT(ORACLE_##o)) ? (v) : 0)
	struct sampler_stop t = {
	    .procs = ON(PROCS, PROCS_THRESHOLD),
	    .threads = ON(THREADS, THREADS_THRESHOLD),
	    .zombies = ON(ZOMBIES, ZOMBIES_THRESHOLD),
	    .memory_kb = ON(MEMORY, MEMORY_THRESHOLD_KB),
	};

	if (gauges) {
		t.files = ON(FDS, FDS_THRESHOLD);
		t.disk_bytes = ON(DISK, DISK_THRESHOLD);
		t.inodes = ON(INODES, INODES_THRESHOLD);
		t.shmem_kb = ON(SHMEM, SHMEM_THRESHOLD_KB);
	}
#undef ON
	return t;
}

/* 0, or -1 with the reason in |o| (the case is then an error). */
static int start_sampling(const struct case_spec *spec, struct sampler *s,
                          struct case_out *o)
{
	struct sampler_opts so = {
	    .floor_kb = CASE_MEMORY_FLOOR_KB,
	    .exact_above_kb =
	        MEMORY_THRESHOLD_KB, /* what the oracle decides on */
	    .want_caps = spec->want_caps,
	    .excluded = spec->excluded,
	    .n_excluded = spec->n_excluded,
	    .fs_path = spec->gauge_path,
	    .stop_at = stop_at(spec->stop_on, spec->gauge_path != NULL),
	    .tick_ms = spec->stop_on || spec->want_caps || spec->gauge_path
	                   ? SAMPLER_TICK_MS
	                   : CASE_QUIET_TICK_MS,
	};

	if (sampler_start(s, &so) < 0) {
		/* a run nobody watches can neither be judged nor cleaned
		 * after */
		o->start_rc = -errno;
		snprintf(o->msg, sizeof(o->msg), "cannot watch the run: %s",
		         strerror(errno));
		return -1;
	}
	if (spec->gauge_path) {
		/* the sampler's baseline, not the gauges now: its thread may
		 * have sampled since, and a stop it decided must hold here */
		o->files_before = s->files0;
		o->free_bytes_before = s->bytes0;
		o->free_inodes_before = s->inodes0;
		o->shmem_before_kb = s->shmem0_kb;
	}
	return 0;
}

static const char *const stop_names[] = {
    [SAMPLER_STOP_PROCS] = "procs",     [SAMPLER_STOP_THREADS] = "threads",
    [SAMPLER_STOP_ZOMBIES] = "zombies", [SAMPLER_STOP_MEMORY] = "memory",
    [SAMPLER_STOP_FILES] = "fds",       [SAMPLER_STOP_DISK] = "disk",
    [SAMPLER_STOP_INODES] = "inodes",   [SAMPLER_STOP_SHMEM] = "shmem",
};

static void stop_sampling(struct sampler *s, struct case_out *o)
{
	int why;

	sampler_stop(s);
	why = atomic_load(&s->stopped);
	if (why > 0 && why < (int)(sizeof(stop_names) / sizeof(*stop_names)))
		snprintf(o->stopped, sizeof(o->stopped), "%s", stop_names[why]);
	o->peak_procs = atomic_load(&s->peak_procs);
	o->peak_threads = atomic_load(&s->peak_threads);
	o->peak_zombies = atomic_load(&s->peak_zombies);
	o->peak_rss_kb = atomic_load(&s->peak_rss_kb);
	snprintf(o->rss_detail, sizeof(o->rss_detail), "%s",
	         s->peak_rss_detail);
	o->peak_older = atomic_load(&s->peak_older);
	o->low_memory = atomic_load(&s->low_memory);
	snprintf(o->caps, sizeof(o->caps), "%s", s->caps);
	if (s->gauges) {
		o->files_peak = atomic_load(&s->peak_files);
		o->free_bytes_min = atomic_load(&s->min_free_bytes);
		o->free_inodes_min = atomic_load(&s->min_free_inodes);
		o->shmem_peak_kb = atomic_load(&s->peak_shmem_kb);
	}
}

/* This process's peak resident set, in KiB; with |reset|, the peak is set
 * back to what it holds now first (clear_refs 5).  -1 when unknown. */
static long long own_peak_kb(bool reset)
{
	char buf[4096], *p;
	int fd;

	if (reset) {
		fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, "5", 1) != 1) {
			if (fd >= 0)
				close(fd);
			return -1;
		}
		close(fd);
	}
	if (text_read(AT_FDCWD, "/proc/self/status", buf, sizeof(buf)) <= 0)
		return -1;
	p = strstr(buf, "VmHWM:");
	return p ? atoll(p + 6) : -1;
}

/* ---- process mode ------------------------------------------------------- */

static int run_process(const struct case_spec *spec, struct case_out *o)
{
	struct sampler sampler;
	securer_start_opts so;
	securer_sandbox *sb;
	securer_status st;
	int64_t t0, deadline;
	int pipefd[2];
	bool ended = false;
	int tick = spec->stop_on ? 20 : 100;

	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		o->start_rc = -errno;
		snprintf(o->msg, sizeof(o->msg), "pipe: %s", strerror(errno));
		return -1;
	}
	fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
	sb = securer_sandbox_new(spec->policy, spec->backend);
	securer_start_opts_init(&so);
	so.stdin_fd = spec->stdin_fd;
	so.stdout_fd = pipefd[1];
	so.stderr_fd = pipefd[1];
	so.fds = spec->fds;
	so.n_fds = spec->n_fds;
	if (start_sampling(spec, &sampler, o) < 0) {
		securer_sandbox_free(sb);
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	t0 = securer_monotonic_ms();
	deadline = t0 + spec->timeout_ms;
	o->start_rc = sb ? securer_sandbox_start(sb, spec->argv, &so) : -ENOMEM;
	close(pipefd[1]);
	if (o->start_rc < 0) {
		snprintf(o->msg, sizeof(o->msg), "%s",
		         sb ? securer_sandbox_error(sb) : "out of memory");
		stop_sampling(&sampler, o);
		securer_sandbox_free(sb);
		close(pipefd[0]);
		return -1;
	}
	atomic_store(&sampler.kill_on_low, (int)securer_sandbox_pid(sb));
	/* a stop is this loop's: securer_sandbox_kill ends the whole tree */
	while (!ended) {
		struct pollfd p[2] = {{pipefd[0], POLLIN, 0},
		                      {securer_sandbox_pidfd(sb), POLLIN, 0}};
		int64_t left = deadline - securer_monotonic_ms();

		if (left <= 0 || atomic_load(&sampler.low_memory) ||
		    atomic_load(&sampler.stopped))
			break;
		/* the memory floor (and a stop) is looked at this often */
		if (poll(p, 2, left > tick ? tick : (int)left) < 0 &&
		    errno != EINTR)
			break;
		if (p[0].revents)
			take_output(pipefd[0], o);
		ended = p[1].revents != 0;
	}
	if (!ended || atomic_load(&sampler.stopped)) {
		o->timed_out = !atomic_load(&sampler.stopped) &&
		               !atomic_load(&sampler.low_memory);
		securer_sandbox_kill(sb);
	}
	atomic_store(&sampler.kill_on_low, 0);
	if (securer_sandbox_wait(sb, -1, &st) < 0 && !o->msg[0])
		snprintf(o->msg, sizeof(o->msg), "%s",
		         securer_sandbox_error(sb));
	else if (st.exited)
		snprintf(o->ending, sizeof(o->ending), "exited %d",
		         st.exit_code);
	else
		snprintf(o->ending, sizeof(o->ending), "signal %d",
		         st.term_signal);
	o->elapsed_ms = securer_monotonic_ms() - t0;
	stop_sampling(&sampler, o);
	if (st.max_rss_kb > o->peak_rss_kb) {
		/* a peak between two samples, from the kernel's accounting */
		o->peak_rss_kb = st.max_rss_kb;
		snprintf(o->rss_detail, sizeof(o->rss_detail),
		         "one process's peak, from its rusage");
	}
	/* Every writer should be gone; a survivor holding the pipe is the
	 * leftover oracle's business, not a reason to hang here. */
	for (int round = 0; round < 10; round++) {
		struct pollfd p = {pipefd[0], POLLIN, 0};

		if (poll(&p, 1, 100) <= 0 || take_output(pipefd[0], o))
			break;
	}
	close(pipefd[0]);
	securer_sandbox_free(sb);
	return 0;
}

/* ---- the raw control ------------------------------------------------------
 */

#define GiB (1024LL * 1024 * 1024)
#define MiB (1024LL * 1024)

/* In the child: the guard, then the command.  Only async-signal-safe
 * calls: the worker has threads. */
static void raw_child(const struct case_spec *spec, int out)
{
	static const struct {
		int res;
		rlim_t v;
	} guard[] = {{RLIMIT_AS, 3 * GiB},
	             {RLIMIT_FSIZE, 1 * GiB},
	             {RLIMIT_NOFILE, 8192},
	             {RLIMIT_NPROC, 2048},
	             {RLIMIT_CORE, 256 * MiB}};
	int in =
	    spec->stdin_fd >= 0 ? spec->stdin_fd : open("/dev/null", O_RDONLY);

	/* Default signal handling, whatever the runner inherited: a shell
	 * starts a background job with SIGQUIT and SIGINT ignored (a control
	 * that crashes itself with SIGQUIT would then live on). */
	securer__signals_default();
	/* its own session: never the terminal securer conform runs in */
	setsid();
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (size_t i = 0; i < sizeof(guard) / sizeof(guard[0]); i++) {
		struct rlimit rl = {guard[i].v, guard[i].v};

		setrlimit(guard[i].res, &rl);
	}
	if (in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0 ||
	    (spec->cwd && chdir(spec->cwd) < 0))
		_exit(126);
	for (size_t i = 0; i < spec->n_fds; i++) /* the leaked dirfd */
		if (spec->fds[i].parent_fd != spec->fds[i].child_fd)
			dup2(spec->fds[i].parent_fd, spec->fds[i].child_fd);
	execvp(spec->argv[0], (char *const *)spec->argv);
	_exit(127);
}

static int run_raw(const struct case_spec *spec, struct case_out *o)
{
	struct sampler sampler;
	int64_t t0, deadline;
	int pipefd[2], pidfd, status;
	bool ended = false;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		o->start_rc = -errno;
		snprintf(o->msg, sizeof(o->msg), "pipe: %s", strerror(errno));
		return -1;
	}
	fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
	if (start_sampling(spec, &sampler, o) < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	t0 = securer_monotonic_ms();
	deadline = t0 + spec->timeout_ms;
	pid = fork();
	if (pid == 0)
		raw_child(spec, pipefd[1]);
	close(pipefd[1]);
	pidfd = pid > 0 ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;
	if (pid < 0 || pidfd < 0) {
		o->start_rc = -errno;
		snprintf(o->msg, sizeof(o->msg), "cannot start the control: %s",
		         strerror(errno));
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
		}
		stop_sampling(&sampler, o);
		close(pipefd[0]);
		return -1;
	}
	atomic_store(&sampler.kill_on_low, (int)pid);
	atomic_store(&sampler.kill_on_stop, (int)pid);
	while (!ended) {
		struct pollfd p[2] = {{pipefd[0], POLLIN, 0},
		                      {pidfd, POLLIN, 0}};
		int64_t left = deadline - securer_monotonic_ms();

		if (left <= 0 || atomic_load(&sampler.low_memory) ||
		    atomic_load(&sampler.stopped))
			break;
		if (poll(p, 2, left > 100 ? 100 : (int)left) < 0 &&
		    errno != EINTR)
			break;
		if (p[0].revents)
			take_output(pipefd[0], o);
		ended = p[1].revents != 0;
	}
	if (!ended) {
		o->timed_out = !atomic_load(&sampler.stopped) &&
		               !atomic_load(&sampler.low_memory);
		kill(pid, SIGKILL); /* what it started is the sweep's */
	}
	atomic_store(&sampler.kill_on_low, 0);
	atomic_store(&sampler.kill_on_stop, 0);
	if (atomic_load(&sampler.stopped))
		kill(-pid, SIGKILL); /* its process group (setsid) */
	waitpid(pid, &status, 0);
	if (WIFEXITED(status))
		snprintf(o->ending, sizeof(o->ending), "exited %d",
		         WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(o->ending, sizeof(o->ending), "signal %d%s",
		         WTERMSIG(status),
		         WCOREDUMP(status) ? ", core dumped" : "");
	o->elapsed_ms = securer_monotonic_ms() - t0;
	stop_sampling(&sampler, o);
	/* a daemon may still hold the pipe: read what is there, then go */
	for (int round = 0; round < 10; round++) {
		struct pollfd p = {pipefd[0], POLLIN, 0};

		if (poll(&p, 1, 50) <= 0 || take_output(pipefd[0], o))
			break;
	}
	close(pidfd);
	close(pipefd[0]);
	return 0;
}

/* ---- session mode ------------------------------------------------------- */

static const securer_runtime runtimes[LANG_COUNT] = {
    [LANG_SH] = SECURER_RUNTIME_SH,
    [LANG_C] = SECURER_RUNTIME_COUNT_,
    [LANG_PYTHON] = SECURER_RUNTIME_PYTHON,
    [LANG_R] = SECURER_RUNTIME_R,
};

static void append_part(struct case_out *o, const char *label, const char *s,
                        size_t len)
{
	if (!s || !len)
		return;
	append(o, "\n--- ", 5);
	append(o, label, strlen(label));
	append(o, " ---\n", 5);
	append(o, s, len);
}

static void collect(struct case_out *o, const securer_result *r)
{
	const char *s;
	size_t len;
	int trunc;

	s = securer_result_stdout(r, &len, &trunc);
	append_part(o, "stdout", s, len);
	s = securer_result_stderr(r, &len, &trunc);
	append_part(o, "stderr", s, len);
	if ((s = securer_result_value(r)))
		append_part(o, "value", s, strlen(s));
	if ((s = securer_result_repr(r)))
		append_part(o, "repr", s, strlen(s));
	if ((s = securer_result_message(r)))
		append_part(o, "message", s, strlen(s));
	if ((s = securer_result_traceback(r)))
		append_part(o, "traceback", s, strlen(s));
	snprintf(o->error_kind, sizeof(o->error_kind), "%s",
	         securer_error_kind_name(securer_result_error(r)));
}

static int run_session(const struct case_spec *spec, struct case_out *o)
{
	securer_execute_opts eo;
	securer_session_opts so;
	securer_session *s;
	securer_result *r = NULL;
	struct sampler sampler;
	int64_t t0;
	int rc;

	long long base_kb = own_peak_kb(true), peak_kb;

	securer_session_opts_init(&so);
	so.backend = spec->backend;
	s = securer_session_new(spec->policy, runtimes[spec->lang], spec->tools,
	                        &so);
	if (start_sampling(spec, &sampler, o) < 0) {
		securer_session_free(s);
		return -1;
	}
	o->start_rc = s ? securer_session_start(s) : -ENOMEM;
	if (o->start_rc < 0) {
		snprintf(o->msg, sizeof(o->msg), "%s",
		         s ? securer_session_error(s) : "out of memory");
		stop_sampling(&sampler, o);
		securer_session_free(s);
		return -1;
	}
	atomic_store(&sampler.kill_on_low, (int)securer_session_pid(s));
	atomic_store(&sampler.interrupt_on_stop, s);
	securer_execute_opts_init(&eo);
	eo.timeout_ms = spec->timeout_ms;
	t0 = securer_monotonic_ms();
	for (int i = 0; i < (spec->executes > 1 ? spec->executes : 1); i++) {
		if (i > 0) {
			securer_result_free(r);
			r = NULL;
			if (spec->between)
				spec->between(spec->between_ctx, i);
		}
		o->last_at = o->out_len;
		rc = securer_session_execute(s, spec->code, &eo, &r);
		if (rc < 0) {
			snprintf(o->msg, sizeof(o->msg), "execute: %s",
			         securer_session_error(s));
			break;
		}
		collect(o, r);
		o->timed_out |=
		    securer_result_error(r) == SECURER_ERROR_TIMEOUT;
		if (atomic_load(&sampler.stopped))
			break; /* its effect is established: killed */
	}
	atomic_store(&sampler.kill_on_low, 0);
	atomic_store(&sampler.interrupt_on_stop, NULL);
	peak_kb = own_peak_kb(false);
	if (base_kb >= 0 && peak_kb > base_kb)
		o->host_growth_kb = peak_kb - base_kb;
	/* the code's own time: after a timeout the session restarts its
	 * runtime inside the execute, which is not the code running on */
	o->elapsed_ms =
	    r ? securer_result_duration_ms(r) : securer_monotonic_ms() - t0;
	securer_result_free(r);
	/* the run is over when nothing of the session remains */
	securer_session_free(s);
	stop_sampling(&sampler, o);
	return 0;
}

int case_run(const struct case_spec *spec, struct case_out *o)
{
	int rc;

	memset(o, 0, sizeof(*o));
	o->out = malloc(CASE_OUTPUT_MAX + 1);
	if (!o->out) {
		o->start_rc = -ENOMEM;
		snprintf(o->msg, sizeof(o->msg), "out of memory");
		return -1;
	}
	rc = spec->mode == MODE_SESSION ? run_session(spec, o)
	     : spec->raw                ? run_raw(spec, o)
	                                : run_process(spec, o);
	o->out[o->out_len] = '\0';
	return rc;
}

void case_out_release(struct case_out *o)
{
	free(o->out);
	o->out = NULL;
}
