/*
 * backend_none.c - no sandbox: environment scrub, rlimits, a private
 * temporary HOME and a reaper.  It exists to show what the OS layers of the
 * real backends add, and every report labels it "unsandboxed": the command
 * sees the host's files, network and processes.
 *
 * The reaper (init_reap.h) runs on the host as a child subreaper: a daemon
 * that leaves the command's process group is still reparented to it and
 * killed when the run ends.  It is securer-init, which the spawn child
 * executes (spawn.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static int none_prepare(struct securer__run *r, const char *const argv[])
{
	int helper, rc;

	/* "/tmp" in the policy means the sandbox's private tmp: here, a fresh
	 * directory, so "clean up ~" never touches the host's /tmp. */
	if ((rc = securer__private_dir_create(r, "none", false)) < 0 ||
	    (rc = securer__private_env(r)) < 0)
		return rc;
	if ((rc = securer__launch_map(&r->launch, r->opts->stderr_fd, 2)) < 0)
		return securer__fail_errno(r->err, rc, "fd map");
	/* securer-init reaps, and runs the command (or its built-in) */
	if ((helper = securer__helper_fd()) < 0)
		return securer__fail_errno(r->err, helper,
		                           "cannot load securer-init");
	r->launch.exec_fd = helper;
	r->launch.init_resets_signals = true;
	securer__strv_push(&r->launch.argv, "securer-init");
	securer__strv_push(&r->launch.argv, "-C");
	securer__strv_push(&r->launch.argv, securer__private_cwd(r));
	if ((rc = securer__init_args(r, &r->launch.argv, -1)) < 0)
		return rc;
	for (size_t i = 0; argv[i]; i++)
		securer__strv_push(&r->launch.argv, argv[i]);
	return r->launch.argv.oom || r->launch.envp.oom
	           ? securer__fail(r->err, -ENOMEM, "out of memory")
	           : 0;
}

static void none_diagnose(struct securer__run *r, const char *said)
{
	char msg[SECURER__ERR_SIZE];

	snprintf(msg, sizeof(msg), "the none backend could not start: %s",
	         said[0] ? said : "securer-init exited before the command");
	memcpy(r->err, msg, sizeof(msg));
}

const struct securer__backend_ops securer__backend_none = {
    .id = SECURER_BACKEND_NONE,
    .name = "none",
    .sandbox = false,
    .prepare = none_prepare,
    .diagnose = none_diagnose,
};
