/*
 * start_bench.c - starting a confined command, and a session.
 */
#include <errno.h>
#include <stdio.h>

#include "start_bench.h"

int bench_exec_start(securer_backend backend, int n, int warm,
                     struct samples *out, char *err, size_t size)
{
	const char *argv[] = {"true", NULL};
	securer_policy *p = securer_policy_new();
	int rc = 0;

	for (int i = 0; i < n + warm && rc == 0; i++) {
		securer_sandbox *sb = securer_sandbox_new(p, backend);
		securer_start_opts so;
		securer_status st;
		double t0 = now_us();

		securer_start_opts_init(&so);
		rc = sb ? securer_sandbox_start(sb, argv, &so) : -ENOMEM;
		if (rc == 0)
			rc = securer_sandbox_wait(sb, -1, &st);
		if (rc == 0 && i >= warm) /* the first ones warm caches up */
			samples_add(out, now_us() - t0);
		if (rc < 0)
			snprintf(err, size, "%s",
			         sb ? securer_sandbox_error(sb)
			            : "out of memory");
		securer_sandbox_free(sb);
	}
	securer_policy_free(p);
	return rc;
}

int bench_session_start(securer_backend backend, securer_runtime rt, int n,
                        int warm, struct samples *out, char *err, size_t size)
{
	securer_session_opts o;
	int rc = 0;

	securer_session_opts_init(&o);
	o.backend = backend;
	for (int i = 0; i < n + warm && rc == 0; i++) {
		securer_session *s = securer_session_new(NULL, rt, NULL, &o);
		double t0 = now_us();

		rc = s ? securer_session_start(s) : -ENOMEM;
		if (rc == 0 && i >= warm)
			samples_add(out, now_us() - t0);
		if (rc < 0)
			snprintf(err, size, "%s",
			         s ? securer_session_error(s)
			           : "out of memory");
		/* stopping is not starting: outside the clock */
		securer_session_free(s);
	}
	return rc;
}
