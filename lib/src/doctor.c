/*
 * doctor.c - what this machine offers a sandbox, as JSON: every backend's
 * probe with its reason, the kernel features each backend relies on, and
 * the versions of the tools and libraries in use.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "internal.h"
#include "landlock.h"

static void add_sysctl(cJSON *obj, const char *key, const char *path)
{
	long long v = securer__read_sysctl(path);

	if (v < 0)
		cJSON_AddNullToObject(obj, key);
	else
		cJSON_AddNumberToObject(obj, key, (double)v);
}

static cJSON *userns_json(void)
{
	cJSON *o = cJSON_CreateObject();
	char why[600];

	add_sysctl(o, "max_user_namespaces",
	           "/proc/sys/user/max_user_namespaces");
	add_sysctl(o, "unprivileged_userns_clone",
	           "/proc/sys/kernel/unprivileged_userns_clone");
	add_sysctl(o, "apparmor_restrict_unprivileged_userns",
	           "/proc/sys/kernel/apparmor_restrict_unprivileged_userns");
	securer__userns_diagnosis(why, sizeof(why));
	cJSON_AddBoolToObject(o, "usable", why[0] == '\0');
	cJSON_AddStringToObject(o, "reason",
	                        why[0] ? why
	                               : "user namespaces are "
	                                 "available to this user");
	return o;
}

static cJSON *seccomp_json(void)
{
	cJSON *o = cJSON_CreateObject();
	int mode = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
	char *actions =
	    securer__read_file("/proc/sys/kernel/seccomp/actions_avail", 1024);

	cJSON_AddBoolToObject(o, "available", mode >= 0);
	cJSON_AddNumberToObject(o, "own_mode", mode);
	if (actions) {
		char *nl = strchr(actions, '\n');

		if (nl)
			*nl = '\0';
		cJSON_AddStringToObject(o, "actions", actions);
		free(actions);
	}
	cJSON_AddNumberToObject(o, "deny_table_entries",
	                        (double)securer__seccomp_table_size());
	return o;
}

static cJSON *landlock_json(void)
{
	cJSON *o = cJSON_CreateObject(), *list;
	const struct securer__landlock_feature *f;
	char why[256];
	int abi = securer__landlock_abi(why, sizeof(why));
	size_t n;

	cJSON_AddNumberToObject(o, "abi", abi > 0 ? abi : 0);
	cJSON_AddStringToObject(o, "reason",
	                        abi > 0 ? "landlock is enabled" : why);
	cJSON_AddNumberToObject(o, "backend_needs_abi",
	                        SECURER_LANDLOCK_MIN_ABI);
	list = cJSON_AddArrayToObject(o, "features");
	f = securer__landlock_features(&n);
	for (size_t i = 0; i < n; i++) {
		cJSON *e = cJSON_CreateObject();

		cJSON_AddStringToObject(e, "name", f[i].name);
		cJSON_AddNumberToObject(e, "abi", f[i].abi);
		cJSON_AddStringToObject(e, "linux", f[i].linux_version);
		cJSON_AddBoolToObject(e, "available", abi >= f[i].abi);
		cJSON_AddBoolToObject(e, "required", f[i].required);
		cJSON_AddStringToObject(e, "why", f[i].why);
		cJSON_AddItemToArray(list, e);
	}
	return o;
}

static cJSON *cgroup_json(void)
{
	struct securer__cgroup_info ci;
	cJSON *o = cJSON_CreateObject();

	securer__cgroup_info(&ci);
	cJSON_AddStringToObject(o, "v2_mount", ci.v2_mount);
	cJSON_AddStringToObject(o, "v1_pids_mount", ci.v1_pids_mount);
	cJSON_AddStringToObject(o, "own_v2_group", ci.own_v2);
	cJSON_AddBoolToObject(o, "v2_delegated", ci.v2_writable);
	cJSON_AddBoolToObject(o, "pids_usable", ci.usable);
	cJSON_AddStringToObject(o, "pids_detail",
	                        ci.usable ? ci.parent : ci.why);
	/* limits.memory_bytes caps a run's processes together only with a
	 * memory group; without one each process is capped alone (RLIMIT_AS).
	 */
	cJSON_AddBoolToObject(o, "memory_usable", ci.mem_usable);
	cJSON_AddStringToObject(o, "memory_detail",
	                        ci.mem_usable ? ci.mem_parent : ci.mem_why);
	/* The kernel exempts uid 0 from RLIMIT_NPROC. */
	cJSON_AddBoolToObject(o, "rlimit_nproc_binds", geteuid() != 0);
	return o;
}

int securer_memory_cap_probe(char *reason, size_t reason_size)
{
	struct securer__cgroup_info ci;

	securer__cgroup_info(&ci);
	if (reason && reason_size)
		snprintf(reason, reason_size, "%s",
		         ci.mem_usable ? ci.mem_parent : ci.mem_why);
	return ci.mem_usable ? 1 : 0;
}

static cJSON *backend_json(securer_backend b, const securer_policy *policy,
                           const char *bwrap_path, const char *bwrap_version)
{
	cJSON *o = cJSON_CreateObject();
	char reason[SECURER__ERR_SIZE];
	int rc = securer_backend_probe(b, policy, reason, sizeof(reason));

	cJSON_AddStringToObject(o, "name", securer_backend_name(b));
	cJSON_AddBoolToObject(o, "sandbox", securer_backend_is_sandbox(b));
	cJSON_AddStringToObject(o, "label",
	                        securer_backend_is_sandbox(b)
	                            ? securer_backend_name(b)
	                            : "unsandboxed");
	cJSON_AddBoolToObject(o, "works", rc == 0);
	cJSON_AddStringToObject(o, "reason", reason);
	if (b == SECURER_BACKEND_BWRAP) {
		cJSON_AddStringToObject(o, "path", bwrap_path);
		cJSON_AddStringToObject(o, "version", bwrap_version);
	}
	if (b == SECURER_BACKEND_LANDLOCK) {
		char why[256];
		int abi = securer__landlock_abi(why, sizeof(why));

		cJSON_AddNumberToObject(o, "abi", abi > 0 ? abi : 0);
		cJSON_AddNumberToObject(o, "needs_abi",
		                        SECURER_LANDLOCK_MIN_ABI);
		if (rc == 0) {
			snprintf(
			    reason, sizeof(reason),
			    "landlock works: ABI %d (the backend needs %d); "
			    "`true` ran under the policy's ruleset and "
			    "seccomp filter",
			    abi, SECURER_LANDLOCK_MIN_ABI);
			cJSON_ReplaceItemInObject(o, "reason",
			                          cJSON_CreateString(reason));
		}
	}
	return o;
}

int securer_doctor_json(const securer_policy *policy, char **json_out)
{
	static const securer_backend order[] = {SECURER_BACKEND_BWRAP,
	                                        SECURER_BACKEND_LANDLOCK,
	                                        SECURER_BACKEND_NONE};
	cJSON *root = cJSON_CreateObject(), *kernel, *versions, *backends;
	char bwrap[4096] = "", version[64] = "not found",
	     err[SECURER__ERR_SIZE];
	const struct scmp_version *sv = seccomp_version();
	struct utsname un;
	bool any = false;
	char lib[32];

	if (!root)
		return -ENOMEM;
	if (securer__bwrap_find(bwrap, sizeof(bwrap), err) == 0)
		securer__bwrap_version(bwrap, version, sizeof(version));
	cJSON_AddStringToObject(root, "securer", securer_version());
	cJSON_AddNumberToObject(root, "uid", (double)getuid());
	cJSON_AddNumberToObject(root, "euid", (double)geteuid());

	/* In the order auto tries them, none last (auto never does). */
	backends = cJSON_AddArrayToObject(root, "backends");
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		cJSON *o = backend_json(order[i], policy, bwrap, version);

		any |= securer_backend_is_sandbox(order[i]) &&
		       cJSON_IsTrue(cJSON_GetObjectItem(o, "works"));
		cJSON_AddItemToArray(backends, o);
	}
	cJSON_AddBoolToObject(root, "sandbox_available", any);

	kernel = cJSON_AddObjectToObject(root, "kernel");
	cJSON_AddStringToObject(kernel, "release",
	                        uname(&un) == 0 ? un.release : "unknown");
	cJSON_AddStringToObject(kernel, "machine",
	                        uname(&un) == 0 ? un.machine : "unknown");
	cJSON_AddItemToObject(kernel, "user_namespaces", userns_json());
	cJSON_AddItemToObject(kernel, "seccomp", seccomp_json());
	cJSON_AddItemToObject(kernel, "landlock", landlock_json());
	cJSON_AddItemToObject(kernel, "cgroup", cgroup_json());

	versions = cJSON_AddObjectToObject(root, "versions");
	cJSON_AddStringToObject(versions, "securer", securer_version());
	cJSON_AddStringToObject(versions, "bwrap", version);
	snprintf(lib, sizeof(lib), "%u.%u.%u", sv->major, sv->minor, sv->micro);
	cJSON_AddStringToObject(versions, "libseccomp", lib);
	cJSON_AddStringToObject(versions, "cjson", cJSON_Version());

	*json_out = cJSON_Print(root);
	cJSON_Delete(root);
	return *json_out ? 0 : -ENOMEM;
}
