/*
 * mcp_describe.c - what the sandbox allows, in words for the model, read
 * from the policy the sessions actually get (securer_policy_to_json) and
 * the backend actually in use: the network, what is mounted and how, the
 * limits, the environment's variable names.  Nothing here is a promise
 * of its own: change the policy and the description follows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcp.h"

static const cJSON *at(const cJSON *o, const char *a, const char *b)
{
	o = cJSON_GetObjectItemCaseSensitive(o, a);
	return b ? cJSON_GetObjectItemCaseSensitive(o, b) : o;
}

static double limit(const cJSON *policy, const char *name)
{
	const cJSON *v = at(at(policy, "limits", NULL), name, NULL);

	return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

/* The sandbox side of a "SRC[:DST]" bind. */
static const char *bind_dst(const char *spec)
{
	const char *colon = strchr(spec + (spec[0] != '\0'), ':');

	return colon ? colon + 1 : spec;
}

static void describe_network(FILE *f, const cJSON *policy)
{
	const cJSON *net = at(policy, "network", NULL);
	const char *n = cJSON_IsString(net) ? net->valuestring : "none";

	if (strcmp(n, "none") == 0)
		fprintf(f, "No network: no connection to the internet, the "
		           "host or anything else (only local unix sockets "
		           "inside the sandbox).");
	else if (strcmp(n, "loopback") == 0)
		fprintf(f, "Network: a private loopback interface only; "
		           "nothing outside the sandbox is reachable.");
	else
		fprintf(f, "Network: the host's network, as the policy "
		           "allows.");
}

static void describe_files(FILE *f, const struct mcp_config *cfg,
                           const cJSON *policy)
{
	const cJSON *files = at(policy, "files", NULL), *e;
	char tmpfs[32];

	fprintf(f, " Files it sees:");
	if (cJSON_IsTrue(at(files, "system", NULL)))
		fprintf(f, " the system's programs and libraries (/usr and "
		           "the /bin, /lib links), read-only;");
	fprintf(f, " the language's installation, read-only;");
	cJSON_ArrayForEach(e, at(files, "ro", NULL))
	{
		if (cJSON_IsString(e))
			fprintf(f, " %s, read-only;", bind_dst(e->valuestring));
	}
	fprintf(f,
	        " the workspace %s, writable and the working directory "
	        "(upload_file, download_file and list_files reach it);",
	        cfg->workspace);
	cJSON_ArrayForEach(e, at(files, "rw", NULL))
	{
		const char *dst;

		if (!cJSON_IsString(e))
			continue;
		dst = bind_dst(e->valuestring);
		if (strcmp(dst, cfg->workspace) != 0)
			fprintf(f, " %s, writable;", dst);
	}
	mcp_size_text(tmpfs, sizeof(tmpfs), limit(policy, "tmpfs_bytes"));
	fprintf(f,
	        " a private /tmp of %s (also HOME), emptied when the session "
	        "restarts. Nothing else of the host's files: no home "
	        "directory, no /var, /run, sockets or devices.",
	        tmpfs);
}

static void limit_item(FILE *f, bool *first, const char *what, double v,
                       bool bytes, const char *unit)
{
	char buf[32];

	if (v < 0)
		return;
	fprintf(f, "%s%s ", *first ? " Limits: " : "; ", what);
	*first = false;
	if (v == 0)
		fprintf(f, "unlimited");
	else if (bytes) {
		mcp_size_text(buf, sizeof(buf), v);
		fprintf(f, "%s", buf);
	} else
		fprintf(f, "%.0f%s", v, unit);
}

static void describe_limits(FILE *f, const struct mcp_config *cfg,
                            const cJSON *policy)
{
	bool first = true;
	char out[32];

	limit_item(f, &first, "wall clock per call",
	           limit(policy, "timeout_seconds"), false, " s");
	if (!first)
		fprintf(f, " (timeout_seconds may ask for up to %lld s)",
		        (long long)(cfg->max_timeout_ms / 1000));
	limit_item(f, &first, "CPU time per process",
	           limit(policy, "cpu_seconds"), false, " s");
	limit_item(f, &first, "memory (address space)",
	           limit(policy, "address_space_bytes"), true, "");
	/* said only where a run gets its memory cgroup (root, or delegated):
	 * elsewhere each process is capped alone */
	if (securer_memory_cap_probe(NULL, 0))
		limit_item(f, &first, "memory of all its processes together",
		           limit(policy, "memory_bytes"), true, "");
	limit_item(f, &first, "processes and threads",
	           limit(policy, "processes"), false, "");
	limit_item(f, &first, "largest file written",
	           limit(policy, "file_size_bytes"), true, "");
	limit_item(f, &first, "open files", limit(policy, "open_files"), false,
	           "");
	limit_item(f, &first, "host tool calls per call",
	           limit(policy, "tool_calls"), false, "");
	mcp_size_text(out, sizeof(out), (double)cfg->max_output);
	fprintf(f,
	        ". Output kept per call: the first %s of stdout and of "
	        "stderr. A call that passes its wall clock or a limit is "
	        "stopped and its session restarted (state_lost: true).",
	        out);
}

static void describe_env(FILE *f, const cJSON *policy)
{
	const cJSON *e;
	bool first = true;

	fprintf(f, " Environment variables:");
	cJSON_ArrayForEach(e, at(policy, "env", "set"))
	{
		if (cJSON_IsNull(e))
			continue;
		fprintf(f, "%s%s", first ? " " : ", ", e->string);
		first = false;
	}
	if (first)
		fprintf(f, " none");
	fprintf(f, "; nothing else of the host's environment.");
}

char *mcp_describe_sandbox(const struct mcp_config *cfg)
{
	char *json = securer_policy_to_json(cfg->policy), *text = NULL;
	cJSON *policy = json ? cJSON_Parse(json) : NULL;
	size_t len = 0;
	FILE *f;

	free(json);
	if (!policy || !(f = open_memstream(&text, &len))) {
		cJSON_Delete(policy);
		return NULL;
	}
	if (!cfg->sandboxed) {
		fprintf(f,
		        "NOT SANDBOXED (backend %s): the code runs on the host "
		        "as the user running the server, with that user's "
		        "files and network; only the environment is scrubbed "
		        "and the limits apply. Working directory: the "
		        "workspace %s.",
		        securer_backend_name(cfg->backend), cfg->workspace);
		describe_limits(f, cfg, policy);
	} else {
		fprintf(f, "The code runs in a sandbox (backend %s). ",
		        securer_backend_name(cfg->backend));
		describe_network(f, policy);
		describe_files(f, cfg, policy);
		describe_limits(f, cfg, policy);
		describe_env(f, policy);
	}
	fclose(f);
	cJSON_Delete(policy);
	return text;
}
