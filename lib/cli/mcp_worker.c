/*
 * mcp_worker.c - the threads that run tool calls, and the ticker.
 *
 * Each runtime's worker owns that runtime's session and runs its calls in
 * the order they came; the host worker runs the file tools and direct
 * calls of the manifest's tools.  The reader only queues calls and
 * cancels them: a queued call is dropped, a running execute is stopped
 * with securer_session_interrupt (the only session call another thread
 * may make).  The ticker sends notifications/progress for running calls
 * that asked for them, and rings again for a cancelled execute that is
 * still running (an interrupt that came just before the execute began
 * is dropped by it, by design).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mcp.h"

#define MAX_JOBS       64   /* queued or running, all workers */
#define PROGRESS_MS    2000 /* between two progress notifications */
#define REINTERRUPT_MS 200  /* between two rings for a cancelled call */
#define TICK_MS        100
#define STOP_WAIT_MS   5000 /* for the workers at shutdown */

void mcp_job_free(struct mcp_job *job)
{
	if (!job)
		return;
	cJSON_Delete(job->id);
	cJSON_Delete(job->token);
	cJSON_Delete(job->args);
	free(job);
}

static struct mcp_worker *worker_of(struct mcp_server *srv, struct mcp_job *job)
{
	const struct mcp_tool *t = job->tool;

	if (t->kind == MCP_TOOL_RUN)
		job->rt = t->rt;
	if (t->kind == MCP_TOOL_RESET) {
		const cJSON *name =
		    cJSON_GetObjectItemCaseSensitive(job->args, "runtime");

		/* Checked: one of the enabled runtimes, or absent when there
		 * is only one. */
		if (!cJSON_IsString(name) ||
		    securer_runtime_from_name(name->valuestring, &job->rt) < 0)
			for (int rt = 0; rt < SECURER_RUNTIME_COUNT_; rt++)
				if (srv->cfg.runtimes[rt])
					job->rt = (securer_runtime)rt;
	}
	if (t->kind == MCP_TOOL_RUN || t->kind == MCP_TOOL_RESET)
		return &srv->workers[job->rt];
	return &srv->workers[MCP_HOST_WORKER];
}

static bool in_flight(struct mcp_server *srv, const cJSON *id)
{
	for (int i = 0; i < MCP_N_WORKERS; i++) {
		const struct mcp_worker *w = &srv->workers[i];

		if (w->current && mcp_id_equal(w->current->id, id))
			return true;
		for (const struct mcp_job *j = w->head; j; j = j->next)
			if (mcp_id_equal(j->id, id))
				return true;
	}
	return false;
}

int mcp_submit(struct mcp_server *srv, struct mcp_job *job)
{
	struct mcp_worker *w = worker_of(srv, job);
	int rc = 0;

	pthread_mutex_lock(&srv->mu);
	if (srv->stopping)
		rc = -ESHUTDOWN;
	else if (srv->jobs >= MAX_JOBS ||
	         srv->queued_bytes + job->cost > 4 * srv->cfg.max_line)
		rc = -EBUSY;
	else if (in_flight(srv, job->id))
		rc = -EEXIST;
	if (rc == 0) {
		if (w->tail)
			w->tail->next = job;
		else
			w->head = job;
		w->tail = job;
		srv->jobs++;
		srv->queued_bytes += job->cost;
		pthread_cond_signal(&w->cv);
	}
	pthread_mutex_unlock(&srv->mu);
	if (rc < 0)
		mcp_job_free(job);
	return rc;
}

/* Rings the session of |w| if it runs a cancelled call; under mu. */
static void interrupt_current(struct mcp_worker *w, int64_t now)
{
	struct mcp_job *job = w->current;

	if (!job || !job->cancelled || now < job->next_interrupt_ms)
		return;
	job->next_interrupt_ms = now + REINTERRUPT_MS;
	if (w->session_worker && w->session)
		securer_session_interrupt(w->session);
}

void mcp_cancel(struct mcp_server *srv, const cJSON *id)
{
	pthread_mutex_lock(&srv->mu);
	for (int i = 0; i < MCP_N_WORKERS; i++) {
		struct mcp_worker *w = &srv->workers[i];
		struct mcp_job *prev = NULL;

		for (struct mcp_job *j = w->head; j; prev = j, j = j->next) {
			if (!mcp_id_equal(j->id, id))
				continue;
			if (prev)
				prev->next = j->next;
			else
				w->head = j->next;
			if (w->tail == j)
				w->tail = prev;
			srv->jobs--;
			srv->queued_bytes -= j->cost;
			mcp_job_free(j);
			goto out;
		}
		if (w->current && mcp_id_equal(w->current->id, id)) {
			w->current->cancelled = true;
			w->current->next_interrupt_ms = 0;
			interrupt_current(w, securer_monotonic_ms());
			pthread_cond_signal(&srv->ticker_cv);
			break;
		}
	}
out:
	pthread_mutex_unlock(&srv->mu);
}

bool mcp_job_cancelled(struct mcp_server *srv, struct mcp_job *job)
{
	bool c;

	pthread_mutex_lock(&srv->mu);
	c = job->cancelled || srv->stopping;
	pthread_mutex_unlock(&srv->mu);
	return c;
}

void mcp_job_output(struct mcp_server *srv, struct mcp_job *job,
                    const char *line, size_t len)
{
	size_t n = len;

	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	if (n >= sizeof(job->last_line))
		n = sizeof(job->last_line) - 1;
	pthread_mutex_lock(&srv->mu);
	job->lines++;
	memcpy(job->last_line, line, n);
	job->last_line[n] = '\0';
	pthread_mutex_unlock(&srv->mu);
}

/* ---- running a call ----------------------------------------------------- */

static cJSON *host_call(struct mcp_server *srv, struct mcp_job *job)
{
	char *args = cJSON_PrintUnformatted(job->args), *value = NULL,
	     *error = NULL;
	cJSON *r;
	int rc;

	if (!args)
		return NULL;
	rc = securer_tools_call(srv->cfg.tools, job->tool->name, args, &value,
	                        &error);
	free(args);
	if (rc == 0) {
		r = mcp_text_result(value, strlen(value), false);
	} else {
		char *text = NULL;
		int n = asprintf(&text, "%s failed: %s", job->tool->name,
		                 error ? error : strerror(-rc));

		r = n < 0 ? NULL : mcp_text_result(text, (size_t)n, true);
		free(text);
	}
	free(value);
	free(error);
	return r;
}

static cJSON *run_job(struct mcp_worker *w, struct mcp_job *job)
{
	switch (job->tool->kind) {
	case MCP_TOOL_RUN:
		return mcp_run_code(w, job);
	case MCP_TOOL_RESET:
		return mcp_run_reset(w, job);
	case MCP_TOOL_UPLOAD:
		return mcp_files_upload(w->srv, job->args);
	case MCP_TOOL_DOWNLOAD:
		return mcp_files_download(w->srv, job->args);
	case MCP_TOOL_LIST:
		return mcp_files_list(w->srv, job->args);
	case MCP_TOOL_HOST:
		return host_call(w->srv, job);
	}
	return NULL;
}

static void *worker_main(void *arg)
{
	struct mcp_worker *w = arg;
	struct mcp_server *srv = w->srv;
	securer_session *s;

	pthread_mutex_lock(&srv->mu);
	for (;;) {
		struct mcp_job *job;
		cJSON *result;
		bool answer;

		while (!w->head && !srv->stopping)
			pthread_cond_wait(&w->cv, &srv->mu);
		if (srv->stopping)
			break;
		job = w->head;
		w->head = job->next;
		if (!w->head)
			w->tail = NULL;
		job->next = NULL;
		job->running = true;
		job->started_ms = securer_monotonic_ms();
		job->next_progress_ms = job->started_ms + PROGRESS_MS;
		w->current = job;
		pthread_cond_signal(&srv->ticker_cv);
		pthread_mutex_unlock(&srv->mu);

		result = run_job(w, job);

		pthread_mutex_lock(&srv->mu);
		w->current = NULL;
		answer = !job->cancelled && !srv->stopping;
		srv->jobs--;
		srv->queued_bytes -= job->cost;
		pthread_mutex_unlock(&srv->mu);
		/* From here the ticker sees no current call: no progress
		 * notification can follow this response. */
		if (answer && result)
			mcp_send_result(srv, job->id, result);
		else if (answer)
			mcp_send_error(srv, job->id, MCP_INTERNAL_ERROR,
			               "out of memory");
		else
			cJSON_Delete(result);
		mcp_job_free(job);
		pthread_mutex_lock(&srv->mu);
	}
	s = w->session;
	w->session = NULL;
	pthread_mutex_unlock(&srv->mu);
	securer_session_free(s);
	return NULL;
}

/* ---- the ticker --------------------------------------------------------- */

static cJSON *progress_params(struct mcp_job *job, int64_t now)
{
	cJSON *p = cJSON_CreateObject();
	char msg[320];
	double secs = (double)(now - job->started_ms) / 1000.0;

	/* Strictly increasing, as the protocol asks. */
	job->progress = secs > job->progress ? secs : job->progress + 0.001;
	if (job->lines)
		snprintf(msg, sizeof(msg),
		         "running for %.0f s; %llu lines of output, the last: "
		         "%s",
		         secs, (unsigned long long)job->lines, job->last_line);
	else
		snprintf(msg, sizeof(msg), "running for %.0f s", secs);
	cJSON_AddItemToObject(p, "progressToken", mcp_id_dup(job->token));
	cJSON_AddNumberToObject(p, "progress", job->progress);
	mcp_add_text(p, "message", msg, strlen(msg));
	return p;
}

/* Under mu: rings for cancelled calls; true when a progress is due. */
static bool tick(struct mcp_server *srv, int64_t now, bool *busy)
{
	bool due = false;

	*busy = false;
	for (int i = 0; i < MCP_N_WORKERS; i++) {
		struct mcp_job *job = srv->workers[i].current;

		if (!job)
			continue;
		*busy = true;
		interrupt_current(&srv->workers[i], now);
		due |= job->token && !job->cancelled &&
		       now >= job->next_progress_ms;
	}
	return due;
}

static void send_progress(struct mcp_server *srv)
{
	cJSON *due[MCP_N_WORKERS];
	int n = 0;
	int64_t now;

	/* out_mu first: a worker that finishes meanwhile sends its
	 * response after these notifications, never before. */
	pthread_mutex_lock(&srv->out_mu);
	pthread_mutex_lock(&srv->mu);
	now = securer_monotonic_ms();
	for (int i = 0; i < MCP_N_WORKERS; i++) {
		struct mcp_job *job = srv->workers[i].current;

		if (!job || !job->token || job->cancelled ||
		    now < job->next_progress_ms)
			continue;
		job->next_progress_ms = now + PROGRESS_MS;
		due[n++] = progress_params(job, now);
	}
	pthread_mutex_unlock(&srv->mu);
	for (int i = 0; i < n; i++)
		mcp_send_notification_locked(srv, "notifications/progress",
		                             due[i]);
	pthread_mutex_unlock(&srv->out_mu);
}

static void deadline_in(struct timespec *ts, clockid_t clock, int64_t ms)
{
	clock_gettime(clock, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

static void *ticker_main(void *arg)
{
	struct mcp_server *srv = arg;
	bool busy = false;

	pthread_mutex_lock(&srv->mu);
	while (!srv->stopping) {
		struct timespec ts;

		/* Look before waiting: a call that started before this
		 * thread first took the lock, or while it sent progress,
		 * signalled no one. */
		if (tick(srv, securer_monotonic_ms(), &busy)) {
			pthread_mutex_unlock(&srv->mu);
			send_progress(srv);
			pthread_mutex_lock(&srv->mu);
			continue;
		}
		if (busy) {
			deadline_in(&ts, CLOCK_MONOTONIC, TICK_MS);
			pthread_cond_timedwait(&srv->ticker_cv, &srv->mu, &ts);
		} else {
			pthread_cond_wait(&srv->ticker_cv, &srv->mu);
		}
	}
	pthread_mutex_unlock(&srv->mu);
	return NULL;
}

/* ---- start, stop -------------------------------------------------------- */

void mcp_workers_drain(struct mcp_server *srv, int signal_fd)
{
	for (;;) {
		struct pollfd p = {signal_fd, POLLIN, 0};
		size_t jobs;

		pthread_mutex_lock(&srv->mu);
		jobs = srv->jobs;
		pthread_mutex_unlock(&srv->mu);
		if (jobs == 0 ||
		    __atomic_load_n(&srv->out_broken, __ATOMIC_RELAXED))
			return;
		if (poll(&p, 1, 50) > 0) {
			mcp_log("stopping on a signal");
			return;
		}
	}
}

int mcp_workers_start(struct mcp_server *srv)
{
	pthread_condattr_t attr;
	int rc;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	rc = pthread_cond_init(&srv->ticker_cv, &attr);
	pthread_condattr_destroy(&attr);
	if (rc)
		return -rc;
	for (int i = 0; i < MCP_N_WORKERS; i++) {
		struct mcp_worker *w = &srv->workers[i];

		w->srv = srv;
		w->session_worker = i != MCP_HOST_WORKER;
		w->rt = (securer_runtime)(w->session_worker ? i : 0);
		pthread_cond_init(&w->cv, NULL);
	}
	for (int i = 0; i < MCP_N_WORKERS; i++) {
		struct mcp_worker *w = &srv->workers[i];

		if (w->session_worker && !srv->cfg.runtimes[i])
			continue;
		if ((rc = pthread_create(&w->thread, NULL, worker_main, w)))
			return -rc;
		w->started = true;
	}
	if ((rc = pthread_create(&srv->ticker, NULL, ticker_main, srv)))
		return -rc;
	srv->ticker_started = true;
	return 0;
}

bool mcp_workers_stop(struct mcp_server *srv)
{
	int64_t deadline = securer_monotonic_ms() + STOP_WAIT_MS;
	bool all = true;

	pthread_mutex_lock(&srv->mu);
	srv->stopping = true;
	for (int i = 0; i < MCP_N_WORKERS; i++) {
		struct mcp_worker *w = &srv->workers[i];

		while (w->head) {
			struct mcp_job *j = w->head;

			w->head = j->next;
			mcp_job_free(j);
		}
		w->tail = NULL;
		if (w->current) {
			w->current->cancelled = true;
			w->current->next_interrupt_ms = 0;
		}
		pthread_cond_broadcast(&w->cv);
	}
	pthread_cond_broadcast(&srv->ticker_cv);
	pthread_mutex_unlock(&srv->mu);
	if (srv->ticker_started)
		pthread_join(srv->ticker, NULL);
	for (int i = 0; i < MCP_N_WORKERS; i++) {
		struct mcp_worker *w = &srv->workers[i];

		/* Ring until the execute has noticed (see the top). */
		while (w->started) {
			struct timespec ts;

			pthread_mutex_lock(&srv->mu);
			interrupt_current(w, securer_monotonic_ms());
			pthread_mutex_unlock(&srv->mu);
			deadline_in(&ts, CLOCK_REALTIME, REINTERRUPT_MS);
			if (pthread_timedjoin_np(w->thread, NULL, &ts) == 0)
				w->started = false;
			else if (securer_monotonic_ms() > deadline)
				break;
		}
		if (w->started) {
			mcp_log("a %s call did not stop in time",
			        w->session_worker ? securer_runtime_name(w->rt)
			                          : "host");
			all = false;
		}
	}
	return all;
}
