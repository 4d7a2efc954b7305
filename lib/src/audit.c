/*
 * audit.c - the audit log: one JSON object per line, appended with one
 * write(2) each, so lines of concurrent sessions never interleave.
 *
 *   {"ts":"2026-11-22T10:00:00.123Z","session":"3f2a...","event":"tool_call",
 *    "execute":3,"tool":"add","args":{"a":2,"b":3}}
 *
 * Events: session_start, execute_start, tool_call, tool_result,
 * execute_end, timeout, crash, session_close.  Code and arguments are
 * recorded (truncated), because an audit log that omits what ran is not
 * one: keep the file as private as the code.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"

int securer__audit_open(struct securer__audit *a, const char *path,
                        void (*log)(void *, const char *), void *log_userdata,
                        char *err)
{
	unsigned char id[8] = {0};

	memset(a, 0, sizeof(*a));
	a->fd = -1;
	a->log = log;
	a->log_userdata = log_userdata;
	if (getrandom(id, sizeof(id), 0) != sizeof(id))
		memset(id, 0, sizeof(id));
	for (int i = 0; i < 8; i++)
		snprintf(a->session + 2 * i, 3, "%02x", id[i]);
	if (!path)
		return 0;
	a->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (a->fd < 0)
		return securer__fail_errno(err, -errno,
		                           "cannot open audit log '%s'", path);
	return 0;
}

void securer__audit_close(struct securer__audit *a)
{
	securer__close_fd(&a->fd);
}

void securer__audit_event(struct securer__audit *a, const char *event,
                          cJSON *fields)
{
	struct timespec ts;
	struct tm tm;
	char stamp[40];
	cJSON *o;
	char *line;

	if (a->fd < 0) {
		cJSON_Delete(fields);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp) - 6, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(stamp + strlen(stamp), 6, ".%03dZ",
	         (int)(ts.tv_nsec / 1000000));
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "ts", stamp);
	cJSON_AddStringToObject(o, "session", a->session);
	cJSON_AddStringToObject(o, "event", event);
	if (fields) {
		while (fields->child) {
			cJSON *f =
			    cJSON_DetachItemViaPointer(fields, fields->child);

			cJSON_AddItemToObject(o, f->string, f);
		}
		cJSON_Delete(fields);
	}
	line = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!line)
		return;
	{
		size_t n = strlen(line);

		line[n] = '\n';
		(void)!securer__write_nosigpipe(a->fd, line, n + 1);
		line[n] = '\0';
	}
	free(line);
}

void securer__audit_log(struct securer__audit *a, const char *fmt, ...)
{
	char line[1024];
	int used;
	va_list ap;

	if (!a->log)
		return;
	used = snprintf(line, sizeof(line), "session %.8s: ", a->session);
	va_start(ap, fmt);
	vsnprintf(line + used, sizeof(line) - (size_t)used, fmt, ap);
	va_end(ap);
	a->log(a->log_userdata, line);
}
