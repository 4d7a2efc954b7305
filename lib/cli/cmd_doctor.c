/*
 * cmd_doctor.c - `securer doctor [--json]`: every backend's probe with its
 * reason, the kernel features the backends rely on, and versions.  Exit 0
 * when at least one real sandbox works here, 1 otherwise.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "sandbox_opts.h"

enum { OPT_JSON = 1 };

static const struct cli_opt doctor_opts[] = {
    {"json", 0, NULL, OPT_JSON, "print the report as JSON"},
    {"policy", 'p', "FILE", SBOPT_POLICY, "probe with this policy"},
};

struct doctor_ctx {
	struct cli_sandbox sb;
	int json;
};

static int on_opt(void *vctx, int id, const char *value)
{
	struct doctor_ctx *c = vctx;

	if (id == OPT_JSON) {
		c->json = 1;
		return 0;
	}
	return cli_sandbox_option(&c->sb, id, value);
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : "";
}

static double num(const cJSON *o, const char *key, double dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static int yes(const cJSON *o, const char *key)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static void print_sysctl(const cJSON *o, const char *key, const char *label)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (cJSON_IsNumber(v))
		printf("    %-44s %g\n", label, v->valuedouble);
}

static void render(const cJSON *r)
{
	const cJSON *b, *k = cJSON_GetObjectItem(r, "kernel");
	const cJSON *un = cJSON_GetObjectItem(k, "user_namespaces");
	const cJSON *sc = cJSON_GetObjectItem(k, "seccomp");
	const cJSON *ll = cJSON_GetObjectItem(k, "landlock");
	const cJSON *cg = cJSON_GetObjectItem(k, "cgroup");
	const cJSON *v = cJSON_GetObjectItem(r, "versions");

	printf("securer %s doctor (uid %g)\n\nbackends\n", str(r, "securer"),
	       num(r, "euid", -1));
	cJSON_ArrayForEach(b, cJSON_GetObjectItem(r, "backends"))
	{
		printf("  %-8s %-10s %s%s\n", str(b, "name"),
		       yes(b, "works") ? "works" : "UNUSABLE",
		       yes(b, "sandbox") ? "" : "[unsandboxed] ",
		       str(b, "reason"));
		if (strcmp(str(b, "name"), "bwrap") == 0)
			printf("  %-8s %-10s bwrap %s at %s\n", "", "",
			       str(b, "version"),
			       str(b, "path")[0] ? str(b, "path")
			                         : "(not found)");
	}
	printf("\nkernel %s %s\n", str(k, "release"), str(k, "machine"));
	printf("  user namespaces   %s: %s\n", yes(un, "usable") ? "yes" : "NO",
	       str(un, "reason"));
	print_sysctl(un, "max_user_namespaces", "user.max_user_namespaces");
	print_sysctl(un, "unprivileged_userns_clone",
	             "kernel.unprivileged_userns_clone");
	print_sysctl(un, "apparmor_restrict_unprivileged_userns",
	             "kernel.apparmor_restrict_unprivileged_userns");
	printf("  seccomp           %s (actions: %s; deny table: %g entries)\n",
	       yes(sc, "available") ? "yes" : "NO", str(sc, "actions"),
	       num(sc, "deny_table_entries", 0));
	if (num(ll, "abi", 0) > 0) {
		printf("  landlock          ABI %g (the landlock backend needs "
		       "%g)\n",
		       num(ll, "abi", 0), num(ll, "backend_needs_abi", 0));
		cJSON_ArrayForEach(b, cJSON_GetObjectItem(ll, "features"))
		{
			printf("    %-3s %-46s ABI %g, Linux %s%s\n",
			       yes(b, "available") ? "yes" : "NO",
			       str(b, "name"), num(b, "abi", 0),
			       str(b, "linux"),
			       yes(b, "required") ? ", required" : "");
		}
	} else {
		printf("  landlock          no: %s\n", str(ll, "reason"));
	}
	printf("  cgroup v2         %s%s\n",
	       str(cg, "v2_mount")[0] ? str(cg, "v2_mount") : "not mounted",
	       str(cg, "v2_mount")[0]
	           ? (yes(cg, "v2_delegated")
	                  ? " (our group is writable by us: delegated)"
	                  : " (not delegated to us)")
	           : "");
	printf("  cgroup v1 pids    %s\n", str(cg, "v1_pids_mount")[0]
	                                       ? str(cg, "v1_pids_mount")
	                                       : "not mounted");
	printf("  pids cgroup       %s: %s\n",
	       yes(cg, "pids_usable") ? "usable" : "no",
	       str(cg, "pids_detail"));
	printf("  memory cgroup     %s: %s\n",
	       yes(cg, "memory_usable")
	           ? "usable (limits.memory_bytes caps a run's processes "
	             "together)"
	           : "no (limits.memory_bytes: each process is capped alone)",
	       str(cg, "memory_detail"));
	printf("  RLIMIT_NPROC      %s\n",
	       yes(cg, "rlimit_nproc_binds")
	           ? "binds this user"
	           : "ignored by the kernel for root: the processes limit "
	             "needs the "
	             "pids cgroup");
	printf("\nversions: securer %s, bwrap %s, libseccomp %s, cJSON %s\n",
	       str(v, "securer"), str(v, "bwrap"), str(v, "libseccomp"),
	       str(v, "cjson"));
	printf(
	    "\n%s\n",
	    yes(r, "sandbox_available")
	        ? "verdict: a real sandbox works here"
	        : "verdict: NO real sandbox works here; only the unsandboxed "
	          "backend could run code, and securer never picks it by "
	          "itself");
}

int cmd_doctor(int argc, char **argv)
{
	struct doctor_ctx c;
	securer_policy *policy;
	char *json = NULL;
	cJSON *report;
	int first, rc, ok;

	memset(&c, 0, sizeof(c));
	cli_sandbox_init(&c.sb);
	rc = cli_parse(argc, argv, doctor_opts,
	               sizeof(doctor_opts) / sizeof(doctor_opts[0]), on_opt, &c,
	               "securer doctor [--json] [--policy FILE]", &first);
	if (rc < 0)
		return 0;
	if (rc > 0)
		return rc;
	if (first < argc) {
		cli_error("doctor: unexpected argument '%s'", argv[first]);
		return CLI_EXIT_CANNOT_RUN;
	}
	if (!(policy = cli_sandbox_policy(&c.sb)))
		return CLI_EXIT_CANNOT_RUN;
	rc = securer_doctor_json(policy, &json);
	securer_policy_free(policy);
	if (rc < 0 || !(report = cJSON_Parse(json))) {
		cli_error("doctor: cannot build the report");
		free(json);
		return CLI_EXIT_CANNOT_RUN;
	}
	ok = yes(report, "sandbox_available");
	if (c.json)
		printf("%s\n", json);
	else
		render(report);
	cJSON_Delete(report);
	free(json);
	return ok ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}
