/*
 * worker_setup.c - the world a row's cells run in, made once per row in
 * its worker: the canaries and tokens, the fixtures, the hostname, the
 * caller's environment (the runner's secrets, HOME, PATH), the listeners,
 * the workload tools and, in session mode, the code.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corpus.h"
#include "fmt.h"
#include "needs.h"
#include "netns.h"
#include "secrets.h"
#include "worker_int.h"
#include "workload.h"

int worker_setup(struct worker *w, char *err, size_t err_size)
{
	char dir[PATH_MAX];
	const char *sandbox_path;

	/* the worker's pid in the name: canary.h (canary_spread) */
	if (fmt(dir, sizeof(dir), "%s/%03zu-%s-%s%s.%ld", w->ctx->root,
	        w->row->first, w->a->id, lang_name(w->row->lang),
	        w->row->mode == MODE_SESSION ? "-session" : "",
	        (long)getpid()) < 0 ||
	    tokens_make(&w->tk) < 0 ||
	    canary_plant(&w->c, dir, &w->tk, err, err_size) < 0 ||
	    fmt(w->targets, sizeof(w->targets), "%s/targets.env", dir) < 0 ||
	    fixtures_setup(&w->fx, w->a->fixtures, &w->c, &w->tk, err,
	                   err_size) < 0)
		return -1;
	/* the worker's own hostname is a secret of the host */
	if (netns_active()) {
		const char *tok = tokens_add(&w->tk, "the host's hostname");

		if (!tok || sethostname(tok, strlen(tok)) < 0) {
			snprintf(err, err_size,
			         "cannot set the worker's hostname");
			return -1;
		}
	}
	/* the caller's environment: the runner's secrets (secrets.h), from
	 * its start-up environment; HOME at the victim's home */
	for (int i = 0; i < SECRETS_N; i++) {
		char name[64];
		const char *v = getenv(secret_names[i]);

		snprintf(name, sizeof(name), "env %s", secret_names[i]);
		if (!v || strlen(v) < 16) {
			snprintf(err, err_size,
			         "the runner's environment lacks %s",
			         secret_names[i]);
			return -1;
		}
		tokens_add_value(&w->tk, name, v);
	}
	setenv("HOME", w->c.home, 1);
	/* a workload's control runs the programs the sandboxes run (the
	 * default policy's PATH), not the caller's (a pyenv shim without
	 * numpy would fail the control, not the sandbox); an attack's control
	 * finds them first too, then the caller's (what only it has, such as
	 * sbin's programs): a version manager's shim before python3 (pyenv:
	 * a bash script and 90 ms of CPU per start) is not the interpreter
	 * the sandboxes run */
	if (!(sandbox_path = needs_sandbox_path())) {
		snprintf(err, err_size,
		         "cannot read the default policy's PATH");
		return -1;
	}
	if (w->a->workload) {
		setenv("PATH", sandbox_path, 1);
	} else {
		const char *caller = getenv("PATH");
		char *both = NULL;

		if (caller && *caller &&
		    asprintf(&both, "%s:%s", sandbox_path, caller) < 0)
			both = NULL;
		setenv("PATH", both ? both : sandbox_path, 1);
		free(both);
	}
	if (fixtures_env(&w->fx) < 0) {
		snprintf(err, err_size, "cannot set the fixtures' environment");
		return -1;
	}
	if (listener_start(&w->l, dir,
	                   w->a->fixtures & FIXTURE_BIT(FIXTURE_METADATA), err,
	                   err_size) < 0)
		return -1;
	setenv("SSH_AUTH_SOCK", w->l.unix_path[1], 1);
	{
		char v[800];

		snprintf(v, sizeof(v), "unix://%s", w->l.unix_path[2]);
		setenv("DOCKER_HOST", v, 1);
		snprintf(v, sizeof(v), "unix:path=%s", w->l.unix_path[3]);
		setenv("DBUS_SESSION_BUS_ADDRESS", v, 1);
	}
	if (w->a->tools && !(w->tools = workload_tools())) {
		snprintf(err, err_size, "cannot make the workload tools");
		return -1;
	}
	if (w->row->mode == MODE_SESSION) {
		char path[PATH_MAX];
		FILE *f;
		long n;

		if (fmt(path, sizeof(path), "%s/%s", w->a->src_dir,
		        corpus_file(w->a, w->row->lang)) < 0 ||
		    !(f = fopen(path, "r")) || fseek(f, 0, SEEK_END) < 0 ||
		    (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) < 0 ||
		    !(w->source = calloc(1, (size_t)n + 1)) ||
		    fread(w->source, 1, (size_t)n, f) != (size_t)n) {
			snprintf(err, err_size, "cannot read %.900s", path);
			return -1;
		}
		fclose(f);
	}
	return 0;
}
