/*
 * mcp_tools.c - the tools the server offers, as one table: run_<runtime>
 * for each runtime enabled and installed, reset_session, the workspace's
 * file tools, and the manifest's tools (called directly; the same tools
 * the sandboxed code calls).  tools/list is printed from the table, and
 * every tools/call's arguments are checked against it on the reader,
 * before any worker sees them (mcp_schema.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcp.h"

static const char *const langs[SECURER_RUNTIME_COUNT_] = {
    [SECURER_RUNTIME_SH] = "POSIX shell (sh)",
    [SECURER_RUNTIME_PYTHON] = "Python",
    [SECURER_RUNTIME_R] = "R",
};

/* What each language returns, and how it fails. */
static const char *const semantics[SECURER_RUNTIME_COUNT_] = {
    [SECURER_RUNTIME_SH] =
        "Returns what the code printed. A non-zero status of the last "
        "command is an error; `exit` ends the shell and resets its "
        "variables.",
    [SECURER_RUNTIME_PYTHON] =
        "Returns what the code printed and the value of its last "
        "expression (as JSON when it has a JSON form, else its repr).",
    [SECURER_RUNTIME_R] =
        "Returns what the code printed and the value of its last "
        "expression (as JSON when it has a JSON form, else as R prints "
        "it).",
};

static struct mcp_tool *new_tool(struct mcp_server *srv, const char *name,
                                 const char *title, enum mcp_tool_kind kind)
{
	struct mcp_tool *v, *t;

	v = realloc(srv->tools, (srv->n_tools + 1) * sizeof(*v));
	if (!v)
		return NULL;
	srv->tools = v;
	t = &v[srv->n_tools];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->name = strdup(name);
	t->title = title ? strdup(title) : NULL;
	if (!t->name || (title && !t->title)) {
		free(t->name);
		free(t->title);
		return NULL;
	}
	srv->n_tools++;
	return t;
}

static struct mcp_param *add_param(struct mcp_tool *t, const char *name,
                                   securer_type type, const char *desc,
                                   bool required)
{
	struct mcp_param *v, *p;

	v = realloc(t->params, (t->n_params + 1) * sizeof(*v));
	if (!v)
		return NULL;
	t->params = v;
	p = &v[t->n_params];
	memset(p, 0, sizeof(*p));
	p->name = strdup(name);
	p->description = desc ? strdup(desc) : NULL;
	p->type = type;
	p->required = required;
	if (!p->name || (desc && !p->description)) {
		free(p->name);
		free(p->description);
		return NULL;
	}
	t->n_params++;
	return p;
}

/* How the code calls host tool |t| in |rt|: add(a: number, b: number). */
static void call_signature(FILE *f, const struct mcp_tool *t,
                           securer_runtime rt)
{
	bool sh = rt == SECURER_RUNTIME_SH;

	fprintf(f, "\n- %s%s", t->name, sh ? "" : "(");
	for (size_t i = 0; i < t->n_params; i++) {
		const char *type = securer_type_name(t->params[i].type);

		if (sh)
			fprintf(f, " %s=<%s>", t->params[i].name, type);
		else if (rt == SECURER_RUNTIME_R)
			fprintf(f, "%s%s = <%s>", i ? ", " : "",
			        t->params[i].name, type);
		else
			fprintf(f, "%s%s: %s", i ? ", " : "", t->params[i].name,
			        type);
	}
	fprintf(f, "%s%s%s", sh ? "" : ")", t->description[0] ? ": " : "",
	        t->description);
}

static char *run_description(const struct mcp_server *srv, securer_runtime rt,
                             const char *sandbox)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	bool any = false;

	if (!f)
		return NULL;
	fprintf(f,
	        "Run %s code in a persistent session: variables, functions "
	        "and loaded modules stay from one call to the next, until "
	        "reset_session or a failure that restarts the session (the "
	        "result then says state_lost). %s Failing code gives a result "
	        "with isError and the message. %s",
	        langs[rt], semantics[rt], sandbox);
	for (size_t i = 0; i < srv->n_tools; i++) {
		if (srv->tools[i].kind != MCP_TOOL_HOST)
			continue;
		if (!any)
			fprintf(f, "\nThe code can call these functions, which "
			           "run on the host, outside the sandbox:");
		any = true;
		call_signature(f, &srv->tools[i], rt);
	}
	if (any && rt == SECURER_RUNTIME_SH)
		fprintf(f, "\nEach is a command taking name=value words; it "
		           "prints its result as JSON.");
	fclose(f);
	return text;
}

static int add_run_tools(struct mcp_server *srv, const char *sandbox)
{
	char desc[256];

	snprintf(desc, sizeof(desc),
	         "seconds before the call is stopped (default: the policy's; "
	         "at most %lld)",
	         (long long)(srv->cfg.max_timeout_ms / 1000));
	for (int rt = 0; rt < SECURER_RUNTIME_COUNT_; rt++) {
		char name[32], title[64];
		struct mcp_tool *t;
		struct mcp_param *p;

		if (!srv->cfg.runtimes[rt])
			continue;
		snprintf(name, sizeof(name), "run_%s",
		         securer_runtime_name((securer_runtime)rt));
		snprintf(title, sizeof(title), "Run %s code", langs[rt]);
		if (!(t = new_tool(srv, name, title, MCP_TOOL_RUN)))
			return -ENOMEM;
		t->rt = (securer_runtime)rt;
		t->destructive = true; /* it writes the workspace */
		t->open_world = false;
		if (!(t->description = run_description(srv, t->rt, sandbox)) ||
		    !add_param(t, "code", SECURER_TYPE_STRING,
		               "the code to run", true) ||
		    !(p = add_param(t, "timeout_seconds", SECURER_TYPE_NUMBER,
		                    desc, false)))
			return -ENOMEM;
		p->max = (double)srv->cfg.max_timeout_ms / 1000.0;
	}
	return 0;
}

static int add_reset(struct mcp_server *srv)
{
	struct mcp_tool *t =
	    new_tool(srv, "reset_session", "Reset a session", MCP_TOOL_RESET);
	struct mcp_param *p;
	size_t n = 0;

	if (!t || !(t->description = strdup(
	                "Stop a language's session and start a fresh one: its "
	                "variables and its private /tmp are gone; the "
	                "workspace's files stay.")))
		return -ENOMEM;
	for (int rt = 0; rt < SECURER_RUNTIME_COUNT_; rt++)
		n += srv->cfg.runtimes[rt];
	if (!(p = add_param(t, "runtime", SECURER_TYPE_STRING,
	                    "the session's language", n > 1)))
		return -ENOMEM;
	n = 0;
	for (int rt = 0; rt < SECURER_RUNTIME_COUNT_; rt++)
		if (srv->cfg.runtimes[rt])
			p->choices[n++] =
			    securer_runtime_name((securer_runtime)rt);
	t->destructive = true;
	t->idempotent = true;
	return 0;
}

/* " Files up to 4 MiB." */
static void file_limit(const struct mcp_server *srv, char *buf, size_t n)
{
	char size[32];

	mcp_size_text(size, sizeof(size), (double)srv->cfg.max_file);
	snprintf(buf, n, " Files up to %s.", size);
}

static int add_upload(struct mcp_server *srv)
{
	struct mcp_tool *t =
	    new_tool(srv, "upload_file", "Upload a file", MCP_TOOL_UPLOAD);
	struct mcp_param *p;
	char limit[64];

	file_limit(srv, limit, sizeof(limit));
	if (!t || asprintf(&t->description,
	                   "Write a file into the workspace (%s), where the "
	                   "sandboxed code finds it; missing directories are "
	                   "made, an existing file is replaced.%s Paths are "
	                   "relative to the workspace; one that leaves it "
	                   "(through .., an absolute path elsewhere, or a "
	                   "symbolic link) is refused.",
	                   srv->cfg.workspace, limit) < 0)
		return -ENOMEM;
	t->destructive = true;
	t->idempotent = true;
	if (!add_param(t, "path", SECURER_TYPE_STRING,
	               "where, relative to the workspace", true) ||
	    !add_param(t, "content", SECURER_TYPE_STRING, "the file's content",
	               true) ||
	    !(p = add_param(t, "encoding", SECURER_TYPE_STRING,
	                    "text (default: the content as UTF-8) or base64 "
	                    "(for binary files)",
	                    false)))
		return -ENOMEM;
	p->choices[0] = "text";
	p->choices[1] = "base64";
	return 0;
}

static int add_download(struct mcp_server *srv)
{
	struct mcp_tool *t = new_tool(srv, "download_file", "Download a file",
	                              MCP_TOOL_DOWNLOAD);
	char limit[64];

	file_limit(srv, limit, sizeof(limit));
	if (!t || asprintf(&t->description,
	                   "Read a file of the workspace (%s), for example one "
	                   "the code wrote. Images come back as image content, "
	                   "UTF-8 text as text, other files as a base64 "
	                   "resource.%s Symbolic links are not followed.",
	                   srv->cfg.workspace, limit) < 0)
		return -ENOMEM;
	t->read_only = true;
	return add_param(t, "path", SECURER_TYPE_STRING,
	                 "relative to the workspace", true)
	           ? 0
	           : -ENOMEM;
}

static int add_list(struct mcp_server *srv)
{
	struct mcp_tool *t =
	    new_tool(srv, "list_files", "List files", MCP_TOOL_LIST);

	if (!t || asprintf(&t->description,
	                   "List a directory of the workspace (%s): each "
	                   "entry's path, type and size.",
	                   srv->cfg.workspace) < 0)
		return -ENOMEM;
	t->read_only = true;
	if (!add_param(t, "path", SECURER_TYPE_STRING,
	               "a directory relative to the workspace (default: its "
	               "top)",
	               false) ||
	    !add_param(t, "recursive", SECURER_TYPE_BOOLEAN,
	               "also list subdirectories (default false)", false))
		return -ENOMEM;
	return 0;
}

/* The manifest's tools, from the schema the library gives LLM APIs (its
 * last entry, execute_code, is the session itself: run_<rt> here). */
static int add_host_tools(struct mcp_server *srv)
{
	char *json;
	cJSON *defs, *d;
	int n, rc = 0;

	if (!srv->cfg.tools || securer_tools_count(srv->cfg.tools) == 0)
		return 0;
	json = securer_tools_schema(srv->cfg.tools, "anthropic", "python");
	defs = json ? cJSON_Parse(json) : NULL;
	free(json);
	if (!cJSON_IsArray(defs)) {
		cJSON_Delete(defs);
		return -ENOMEM;
	}
	n = cJSON_GetArraySize(defs) - 1;
	for (int i = 0; i < n && rc == 0; i++) {
		const cJSON *name, *desc, *props, *p;
		struct mcp_tool *t;

		d = cJSON_GetArrayItem(defs, i);
		name = cJSON_GetObjectItemCaseSensitive(d, "name");
		desc = cJSON_GetObjectItemCaseSensitive(d, "description");
		props = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(d, "input_schema"),
		    "properties");
		if (!(t = new_tool(srv, name->valuestring, NULL,
		                   MCP_TOOL_HOST)) ||
		    asprintf(&t->description,
		             "%s (runs on the host, outside the sandbox; the "
		             "sandboxed code can call it too)",
		             desc->valuestring) < 0) {
			rc = -ENOMEM;
			break;
		}
		t->open_world = true; /* a host command: anything */
		cJSON_ArrayForEach(p, props)
		{
			const cJSON *type =
			    cJSON_GetObjectItemCaseSensitive(p, "type");
			const cJSON *pd =
			    cJSON_GetObjectItemCaseSensitive(p, "description");
			securer_type ty = SECURER_TYPE_STRING;

			securer_type_from_name(type->valuestring, &ty);
			if (!add_param(t, p->string, ty,
			               cJSON_IsString(pd) ? pd->valuestring
			                                  : NULL,
			               true)) {
				rc = -ENOMEM;
				break;
			}
		}
	}
	cJSON_Delete(defs);
	return rc;
}

static char *instructions(const struct mcp_server *srv)
{
	char *text = NULL;

	if (asprintf(&text,
	             "Runs code in persistent sandboxed sessions (the run_* "
	             "tools). The workspace %s is the code's working "
	             "directory and the only place it can write that outlives "
	             "a session: put input files there with upload_file, and "
	             "fetch what the code wrote (data, plots) with "
	             "download_file. Long calls send progress notifications; "
	             "cancelling a call stops its code and restarts its "
	             "session.",
	             srv->cfg.workspace) < 0)
		return NULL;
	return text;
}

int mcp_tools_build(struct mcp_server *srv)
{
	char *sandbox;
	size_t first_run;
	int rc;

	/* The manifest's tools first: the run tools' descriptions list them.
	 * The table is reordered after, run tools first. */
	if ((rc = add_host_tools(srv)) < 0)
		return rc;
	first_run = srv->n_tools;
	if (!(sandbox = mcp_describe_sandbox(&srv->cfg)))
		return -ENOMEM;
	rc = add_run_tools(srv, sandbox);
	free(sandbox);
	if (rc < 0 || (rc = add_reset(srv)) < 0 || (rc = add_upload(srv)) < 0 ||
	    (rc = add_download(srv)) < 0 || (rc = add_list(srv)) < 0)
		return rc;
	for (size_t i = 0; i < first_run; i++)
		for (size_t j = first_run; j < srv->n_tools; j++)
			if (strcmp(srv->tools[i].name, srv->tools[j].name) ==
			    0) {
				mcp_log(
				    "the manifest's tool '%s' has the name of "
				    "one of the server's own tools: rename it",
				    srv->tools[i].name);
				return -EEXIST;
			}
	if (!(srv->instructions = instructions(srv)) ||
	    !(srv->tools_json = cJSON_CreateArray()))
		return -ENOMEM;
	for (size_t i = first_run; i < srv->n_tools; i++)
		cJSON_AddItemToArray(srv->tools_json,
		                     mcp_tool_json(&srv->tools[i]));
	for (size_t i = 0; i < first_run; i++)
		cJSON_AddItemToArray(srv->tools_json,
		                     mcp_tool_json(&srv->tools[i]));
	return 0;
}

void mcp_tools_release(struct mcp_server *srv)
{
	for (size_t i = 0; i < srv->n_tools; i++) {
		struct mcp_tool *t = &srv->tools[i];

		for (size_t k = 0; k < t->n_params; k++) {
			free(t->params[k].name);
			free(t->params[k].description);
		}
		free(t->params);
		free(t->name);
		free(t->title);
		free(t->description);
	}
	free(srv->tools);
	srv->tools = NULL;
	srv->n_tools = 0;
	cJSON_Delete(srv->tools_json);
	srv->tools_json = NULL;
	free(srv->instructions);
	srv->instructions = NULL;
}

const struct mcp_tool *mcp_tool_find(const struct mcp_server *srv,
                                     const char *name)
{
	for (size_t i = 0; i < srv->n_tools; i++)
		if (strcmp(srv->tools[i].name, name) == 0)
			return &srv->tools[i];
	return NULL;
}
