/*
 * backend.c - backend names, lookup and probing.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *const names[SECURER_BACKEND_COUNT_] = {
    [SECURER_BACKEND_AUTO] = "auto",
    [SECURER_BACKEND_BWRAP] = "bwrap",
    [SECURER_BACKEND_NONE] = "none",
    [SECURER_BACKEND_LANDLOCK] = "landlock",
};

const char *securer_backend_name(securer_backend b)
{
	return (unsigned)b < SECURER_BACKEND_COUNT_ ? names[b] : "unknown";
}

int securer_backend_from_name(const char *name, securer_backend *out)
{
	for (int i = 0; name && i < SECURER_BACKEND_COUNT_; i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (securer_backend)i;
			return 0;
		}
	return -EINVAL;
}

int securer_backend_is_sandbox(securer_backend b)
{
	const struct securer__backend_ops *ops = securer__backend_ops(b);

	return ops && ops->sandbox;
}

const struct securer__backend_ops *securer__backend_ops(securer_backend id)
{
	switch (id) {
	case SECURER_BACKEND_BWRAP:
		return &securer__backend_bwrap;
	case SECURER_BACKEND_NONE:
		return &securer__backend_none;
	case SECURER_BACKEND_LANDLOCK:
		return &securer__backend_landlock;
	default:
		return NULL;
	}
}

int securer_backend_probe(securer_backend backend, const securer_policy *policy,
                          char *reason, size_t reason_size)
{
	static const char *const true_argv[] = {"true", NULL};
	securer_policy *defaults = NULL;
	securer_sandbox *sb;
	securer_status st;
	int rc;

	if (!policy && !(policy = defaults = securer_policy_new()))
		return -ENOMEM;
	sb = securer_sandbox_new(policy, backend);
	if (!sb) {
		securer_policy_free(defaults);
		return -ENOMEM;
	}
	/* The real policy on a real command: a probe of a toy configuration
	 * proves nothing about the one that will run. */
	rc = securer_sandbox_start(sb, true_argv, NULL);
	if (rc == 0)
		rc = securer_sandbox_run_to_end(sb, -1, &st);
	if (rc == 0 && (st.timed_out || !st.exited || st.exit_code != 0)) {
		rc = -EPERM;
		snprintf(reason, reason_size,
		         "`true` did not succeed in the sandbox (%s %d)",
		         st.timed_out ? "timed out"
		         : st.exited  ? "exit"
		                      : "signal",
		         st.exited ? st.exit_code : st.term_signal);
	} else if (rc < 0) {
		snprintf(reason, reason_size, "%s", securer_sandbox_error(sb));
	} else {
		snprintf(reason, reason_size, "%s works",
		         securer_backend_name(securer_sandbox_backend(sb)));
	}
	securer_sandbox_free(sb);
	securer_policy_free(defaults);
	return rc;
}
