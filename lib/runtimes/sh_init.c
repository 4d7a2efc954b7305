/*
 * sh_init.c - checking the tool list of "init" and writing its functions.
 *
 * Names and argument names are identifiers and types come from a fixed
 * list, so a definition needs no quoting beyond the single quotes around
 * the spec: nothing the host sends is pasted into shell text unchecked.
 */
#include <stdio.h>
#include <string.h>

#include "sh_args.h"
#include "sh_init.h"

/* Identifiers are short; a longer name is refused, not truncated. */
#define NAME_MAX_LEN 128

/* Names the shell cannot give a function: dash refuses special builtins
 * and keywords ("Bad function name" or a syntax error), bash in POSIX
 * mode refuses special builtins too.  "command" is the driver's own: it
 * sources each code file through it. */
static const char *const reserved[] = {
    "break",    "continue", "eval",   "exec",    "exit",  "export", "local",
    "readonly", "return",   "set",    "shift",   "times", "trap",   "unset",
    "case",     "do",       "done",   "elif",    "else",  "esac",   "fi",
    "for",      "if",       "in",     "then",    "until", "while",  "function",
    "select",   "time",     "coproc", "command",
};

static int is_reserved(const char *name)
{
	if (strncmp(name, "__securer_", 10) == 0) /* the helpers below */
		return 1;
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strcmp(name, reserved[i]) == 0)
			return 1;
	return 0;
}

/* Decodes a string span that must be an identifier into |out|. */
static int get_identifier(struct json_span s, char out[NAME_MAX_LEN])
{
	size_t n = json_string_decode(s, out, NAME_MAX_LEN);

	if (n >= NAME_MAX_LEN || !sh_is_identifier(out, n))
		return -1;
	out[n] = '\0';
	return 0;
}

/* Appends " name:type" for one element of a tool's args to |spec|. */
static int add_arg(struct json_span arg, struct json_buf *spec,
                   const char *tool, char *msg, size_t size)
{
	struct json_field f[] = {
	    {"name", JSON_STRING, 0, {NULL, 0}},
	    {"type", JSON_STRING, 0, {NULL, 0}},
	};
	char name[NAME_MAX_LEN], type[16], key[NAME_MAX_LEN + 2];
	size_t tn;

	if (json_type(arg) != JSON_OBJECT ||
	    json_object_fields(arg, f, 2) < 0 || !f[0].found || !f[1].found ||
	    get_identifier(f[0].val, name) < 0 ||
	    (tn = json_string_decode(f[1].val, type, sizeof(type))) >=
	        sizeof(type) ||
	    sh_type_parse(type, tn) < 0) {
		snprintf(msg, size, "tool '%s': invalid argument", tool);
		return -1;
	}
	/* Duplicate names: look for " name:" in what is there so far. */
	snprintf(key, sizeof(key), " %s:", name);
	if (spec->len && strstr(spec->p, key)) {
		snprintf(msg, size, "tool '%s': argument '%s' declared twice",
		         tool, name);
		return -1;
	}
	json_buf_addf(spec, " %s:%.*s", name, (int)tn, type);
	return 0;
}

/* Checks one tool; appends its definition to |defs| and " name\n" to
 * |names| (for the duplicate check). */
static int add_tool(struct json_span tool, struct json_buf *defs,
                    struct json_buf *names, char *msg, size_t size)
{
	struct json_field f[] = {
	    {"name", JSON_STRING, 0, {NULL, 0}},
	    {"description", JSON_STRING, 0, {NULL, 0}},
	    {"args", JSON_ARRAY, 0, {NULL, 0}},
	};
	char name[NAME_MAX_LEN], key[NAME_MAX_LEN + 3];
	struct json_buf spec;
	struct json_span arg;
	struct json_iter it;
	int rc = 0;

	if (json_type(tool) != JSON_OBJECT ||
	    json_object_fields(tool, f, 3) < 0 || !f[0].found || !f[2].found ||
	    get_identifier(f[0].val, name) < 0) {
		snprintf(msg, size, "invalid tool in init");
		return -1;
	}
	snprintf(key, sizeof(key), "\n%s\n", name);
	if (names->len && strstr(names->p, key)) {
		snprintf(msg, size, "tool '%s' declared twice", name);
		return -1;
	}
	json_buf_adds(names, key + 1);
	json_buf_init(&spec, defs->max);
	json_buf_adds(&spec, ""); /* so spec.p is a string even when empty */
	json_iter_init(&it, f[2].val);
	while (rc == 0 && json_iter_next(&it, NULL, &arg))
		rc = add_arg(arg, &spec, name, msg, size);
	if (rc == 0 && is_reserved(name))
		fprintf(stderr,
		        "securer-sh: tool '%s' has the name of a shell "
		        "keyword or special builtin; no function is "
		        "defined for it\n",
		        name);
	else if (rc == 0)
		json_buf_addf(defs, "%s() { __securer_call %s '%s' \"$@\"; }\n",
		              name, name, spec.len ? spec.p + 1 : "");
	json_buf_release(&spec);
	return rc;
}

int sh_init_tools(struct json_span tools, const char *exe,
                  struct json_buf *defs, char *msg, size_t size)
{
	struct json_buf names;
	struct json_span tool;
	struct json_iter it;
	size_t count = 0;
	int rc = 0;

	json_buf_init(&names, defs->max);
	json_buf_adds(&names, "\n");
	/* Every tool function calls __securer_call NAME SPEC WORD...: in the
	 * shell itself (the one task of /proc/self/task is the shell's, which
	 * the definitions note as they are sourced), through the driver on
	 * fds 7 and 8 with builtins only (sh_fast.c); anywhere else (a
	 * subshell, a pipeline, $(...)) with the tool command. */
	json_buf_adds(
	    defs, "__securer_n=0 __securer_main=\n"
	          "for __securer_t in /proc/self/task/*; do\n"
	          "\t\\command [ -d \"$__securer_t\" ] && "
	          "__securer_main=${__securer_t##*/}\n"
	          "done\n"
	          "__securer_call() {\n"
	          "\tfor __securer_t in /proc/self/task/*; do :; done\n"
	          "\tif \\command [ -n \"${__securer_main-}\" ] &&\n"
	          "\t   \\command [ \"${__securer_t##*/}\" = "
	          "\"${__securer_main-}\" ] &&\n"
	          "\t   \\command [ -p /proc/self/fd/7 ] &&\n"
	          "\t   \\command [ -p /proc/self/fd/8 ] &&\n"
	          "\t   __securer_n=$((${__securer_n:-0} + 1)) &&\n"
	          "\t   \\command printf '%s\\0' @securer-call "
	          "\"$__securer_n\" \"$#\" "
	          "\"$@\" "
	          ">&7 2>/dev/null; then\n"
	          "\t\t__securer_i=\n"
	          "\t\twhile IFS=' ' \\command read -r __securer_i __securer_s "
	          "__securer_o __securer_e <&8; do\n"
	          "\t\t\t\\command [ \"$__securer_i\" = \"$__securer_n\" ] && "
	          "break\n"
	          "\t\tdone\n"
	          "\t\tif \\command [ \"$__securer_i\" != \"$__securer_n\" ]; "
	          "then\n"
	          "\t\t\t\\command printf '%s: no answer from the driver\\n' "
	          "\"$1\" >&2\n"
	          "\t\t\treturn 3\n"
	          "\t\tfi\n"
	          "\t\t\\command printf '%b' \"${__securer_o#x}\"\n"
	          "\t\t\\command printf '%b' \"${__securer_e#x}\" >&2\n"
	          "\t\treturn \"$__securer_s\"\n"
	          "\tfi\n");
	json_buf_addf(defs, "\t'%s' --tool \"$@\"\n}\n", exe);
	json_iter_init(&it, tools);
	while (rc == 0 && json_iter_next(&it, NULL, &tool)) {
		if (++count > SH_MAX_TOOLS) {
			snprintf(msg, size, "more than %d tools", SH_MAX_TOOLS);
			rc = -1;
			break;
		}
		rc = add_tool(tool, defs, &names, msg, size);
	}
	if (rc == 0 && (names.failed || defs->failed)) {
		snprintf(msg, size, "the tool definitions are too large");
		rc = -1;
	}
	json_buf_release(&names);
	return rc;
}
