/*
 * cmd_tools.c - `securer tools schema MANIFEST`: the manifest's tools, and
 * an execute_code tool for the session itself, as the JSON the OpenAI or
 * Anthropic APIs take, so an agent framework can offer them to a model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "opt.h"
#include "securer.h"

enum { OPT_FORMAT = 1, OPT_RUNTIME };

static const struct cli_opt schema_opts[] = {
    {"format", 'f', "openai|anthropic", OPT_FORMAT,
     "the API's shape (default openai)"},
    {"runtime", 'r', "sh|python|r", OPT_RUNTIME,
     "the language execute_code runs (default python)"},
};

struct schema_ctx {
	const char *format;
	const char *runtime;
};

static int on_opt(void *vctx, int id, const char *v)
{
	struct schema_ctx *c = vctx;
	securer_runtime rt;

	if (id == OPT_FORMAT) {
		if (strcmp(v, "openai") && strcmp(v, "anthropic")) {
			cli_error("--format '%s': openai or anthropic", v);
			return CLI_EXIT_CANNOT_RUN;
		}
		c->format = v;
	} else {
		if (securer_runtime_from_name(v, &rt) < 0) {
			cli_error("unknown runtime '%s' (sh, python, r)", v);
			return CLI_EXIT_CANNOT_RUN;
		}
		c->runtime = securer_runtime_name(rt);
	}
	return 0;
}

int cmd_tools(int argc, char **argv)
{
	static const char usage[] =
	    "securer tools schema MANIFEST [--format openai|anthropic] "
	    "[--runtime sh|python|r]";
	const size_t n_opts = sizeof(schema_opts) / sizeof(schema_opts[0]);
	struct schema_ctx c = {"openai", "python"};
	const char *manifest;
	securer_tools *t;
	char *json;
	int first, rc;

	if (argc >= 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cli_usage(stdout, usage, schema_opts, n_opts);
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "schema") != 0) {
		cli_error("usage: %s", usage);
		return CLI_EXIT_CANNOT_RUN;
	}
	/* securer tools schema [OPTIONS] MANIFEST [OPTIONS] */
	if (argc >= 3 && argv[2][0] != '-') {
		manifest = argv[2];
		rc = cli_parse(argc - 2, argv + 2, schema_opts, n_opts, on_opt,
		               &c, usage, &first);
		first += 2;
	} else {
		rc = cli_parse(argc - 1, argv + 1, schema_opts, n_opts, on_opt,
		               &c, usage, &first);
		first += 1;
		manifest = first < argc ? argv[first++] : NULL;
	}
	if (rc)
		return rc < 0 ? 0 : rc;
	if (!manifest || first != argc) {
		cli_error("tools schema: give exactly one MANIFEST");
		return CLI_EXIT_CANNOT_RUN;
	}
	t = securer_tools_new();
	if (!t || securer_tools_load_manifest(t, manifest) < 0) {
		cli_error("%s", t ? securer_tools_error(t) : "out of memory");
		securer_tools_free(t);
		return CLI_EXIT_CANNOT_RUN;
	}
	json = securer_tools_schema(t, c.format, c.runtime);
	securer_tools_free(t);
	if (!json) {
		cli_error("cannot build the schema");
		return CLI_EXIT_CANNOT_RUN;
	}
	printf("%s\n", json);
	free(json);
	return 0;
}
