/*
 * info.c - the machine, the tools and the policy, for the reports.
 */
#include <cjson/cJSON.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "info.h"
#include "needs.h"
#include "netns.h"
#include "securer.h"

/* The first line |cmd| prints, or "absent". */
static void first_line(const char *cmd, char *buf, size_t size)
{
	FILE *p = popen(cmd, "r");

	snprintf(buf, size, "absent");
	if (!p)
		return;
	if (fgets(buf, (int)size, p))
		buf[strcspn(buf, "\n")] = '\0';
	else
		snprintf(buf, size, "absent");
	pclose(p);
}

static void distribution(char *buf, size_t size)
{
	FILE *f = fopen("/etc/os-release", "r");
	char line[256];

	snprintf(buf, size, "unknown");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "PRETTY_NAME=", 12)) {
			char *v = line + 12;

			v[strcspn(v, "\n")] = '\0';
			if (*v == '"') {
				v++;
				v[strcspn(v, "\"")] = '\0';
			}
			snprintf(buf, size, "%s", v);
		}
	if (f)
		fclose(f);
}

void info_collect(struct run *run)
{
	const struct scmp_version *sv = seccomp_version();
	securer_policy *p = securer_policy_new();
	struct utsname un;
	char buf[256], cmd[1400], *json;
	const char *sandbox_path = needs_sandbox_path();
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(run->started, sizeof(run->started), "%Y-%m-%dT%H:%M:%SZ", &tm);
	run->machine = cJSON_CreateObject();
	uname(&un);
	cJSON_AddStringToObject(run->machine, "os", un.sysname);
	cJSON_AddStringToObject(run->machine, "kernel", un.release);
	cJSON_AddStringToObject(run->machine, "arch", un.machine);
	distribution(buf, sizeof(buf));
	cJSON_AddStringToObject(run->machine, "distribution", buf);
	cJSON_AddNumberToObject(run->machine, "cpus",
	                        (double)sysconf(_SC_NPROCESSORS_ONLN));
	cJSON_AddNumberToObject(run->machine, "memory_mib",
	                        (double)sysconf(_SC_PHYS_PAGES) *
	                            (double)sysconf(_SC_PAGESIZE) /
	                            (1024.0 * 1024));
	cJSON_AddNumberToObject(run->machine, "uid", (double)geteuid());
	cJSON_AddBoolToObject(run->machine, "runner_netns", netns_active());

	run->tools = cJSON_CreateObject();
	cJSON_AddStringToObject(run->tools, "securer", securer_version());
	first_line("bwrap --version 2>/dev/null", buf, sizeof(buf));
	cJSON_AddStringToObject(run->tools, "bwrap", buf);
	snprintf(buf, sizeof(buf), "%u.%u.%u", sv ? sv->major : 0,
	         sv ? sv->minor : 0, sv ? sv->micro : 0);
	cJSON_AddStringToObject(run->tools, "libseccomp", buf);
	cJSON_AddStringToObject(run->tools, "cjson", cJSON_Version());
	/* the interpreters every column runs: on the sandboxes' PATH */
	snprintf(cmd, sizeof(cmd), "PATH='%s' python3 --version 2>&1",
	         sandbox_path ? sandbox_path : "");
	first_line(cmd, buf, sizeof(buf));
	cJSON_AddStringToObject(run->tools, "python", buf);
	snprintf(cmd, sizeof(cmd), "PATH='%s' R --version 2>/dev/null",
	         sandbox_path ? sandbox_path : "");
	first_line(cmd, buf, sizeof(buf));
	cJSON_AddStringToObject(run->tools, "r", buf);
	first_line("firejail --version 2>/dev/null", buf, sizeof(buf));
	cJSON_AddStringToObject(run->tools, "firejail", buf);

	json = p ? securer_policy_to_json(p) : NULL;
	run->policy = json ? cJSON_Parse(json) : cJSON_CreateNull();
	free(json);
	securer_policy_free(p);
}

void info_release(struct run *run)
{
	cJSON_Delete(run->machine);
	cJSON_Delete(run->tools);
	cJSON_Delete(run->policy);
	cJSON_Delete(run->bench);
	run->machine = run->tools = run->policy = run->bench = NULL;
}
