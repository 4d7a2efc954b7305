/*
 * needs.c - what a row needs of this machine (needs.h): root or not, a
 * network namespace, a terminal, what the kernel has, programs on PATH.
 */
#include <cjson/cJSON.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fmt.h"
#include "needs.h"
#include "netns.h"
#include "securer.h"

const char *needs_sandbox_path(void)
{
	static char path[1024];
	securer_policy *p;
	char *json;
	cJSON *doc, *v;

	if (path[0] || !(p = securer_policy_new()))
		return path[0] ? path : NULL;
	json = securer_policy_to_json(p);
	securer_policy_free(p);
	doc = json ? cJSON_Parse(json) : NULL;
	free(json);
	v = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(
	        cJSON_GetObjectItemCaseSensitive(doc, "env"), "set"),
	    "PATH");
	if (cJSON_IsString(v))
		snprintf(path, sizeof(path), "%s", v->valuestring);
	cJSON_Delete(doc);
	return path[0] ? path : NULL;
}

/* On the sandboxes' PATH: what a row's programs are found on. */
static bool on_path(const char *prog)
{
	const char *path = needs_sandbox_path();
	char *copy = path ? strdup(path) : NULL, *dir, *save = NULL;
	bool found = false;

	for (dir = strtok_r(copy, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		char full[PATH_MAX];

		if (fmt(full, sizeof(full), "%s/%s", dir, prog) == 0)
			found = access(full, X_OK) == 0;
	}
	free(copy);
	return found;
}

static bool tiocsti_allowed(void)
{
	char v = '1';
	int fd = open("/proc/sys/dev/tty/legacy_tiocsti", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (read(fd, &v, 1) != 1)
			v = '1';
		close(fd);
	}
	return v != '0';
}

/* A need about the machine itself (root, netns, memcg...): why it is
 * missing, or NULL; *known false when |need| names none (then it is a
 * program to find). */
static const char *machine_need_missing(const char *need, char *buf,
                                        size_t size, bool *known)
{
	*known = true;
	if (!strcmp(need, "root"))
		return geteuid() == 0 ? NULL
		                      : "needs root (run as root or with sudo)";
	if (!strcmp(need, "nonroot"))
		return geteuid() != 0 ? NULL : "needs a non-root user";
	if (!strcmp(need, "netns"))
		return netns_available(buf, size) ? NULL : buf;
	if (!strcmp(need, "tty")) {
		int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);

		if (fd >= 0)
			close(fd);
		return fd >= 0 ? NULL : "needs a pseudo-terminal (/dev/ptmx)";
	}
	if (!strcmp(need, "corefile")) {
		char pat[128] = "";
		int fd =
		    open("/proc/sys/kernel/core_pattern", O_RDONLY | O_CLOEXEC);

		if (fd >= 0) {
			if (read(fd, pat, sizeof(pat) - 1) < 0)
				pat[0] = '\0';
			close(fd);
		}
		return pat[0] && pat[0] != '|' && pat[0] != '/'
		           ? NULL
		           : "core dumps do not go to the crashing process's "
		             "directory "
		             "here (kernel.core_pattern)";
	}
	if (!strcmp(need, "kmod"))
		return access("/proc/modules", F_OK) == 0 ||
		               access("/sys/kernel/kexec_loaded", F_OK) == 0
		           ? NULL
		           : "not applicable: this kernel loads neither "
		             "modules nor "
		             "kexec images";
	if (!strcmp(need, "ipv6")) {
		int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
		struct sockaddr_in6 sa = {.sin6_family = AF_INET6,
		                          .sin6_addr = IN6ADDR_LOOPBACK_INIT};
		bool ok = fd >= 0 &&
		          bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;

		if (fd >= 0)
			close(fd);
		return ok ? NULL : "needs IPv6 on the loopback (::1)";
	}
	if (!strcmp(need, "memcg")) {
		char why[256];

		if (securer_memory_cap_probe(why, sizeof(why)))
			return NULL;
		snprintf(buf, size,
		         "needs a memory cgroup (root, or a delegated cgroup "
		         "v2 subtree): without one, limits.memory_bytes caps "
		         "each process alone (%s)",
		         why);
		return buf;
	}
	if (!strcmp(need, "tiocsti"))
		return tiocsti_allowed()
		           ? NULL
		           : "not applicable: the kernel refuses TIOCSTI to "
		             "everyone (dev.tty.legacy_tiocsti = 0)";
	*known = false;
	return NULL;
}

static const char *need_missing(const char *need, char *buf, size_t size)
{
	bool known;
	const char *why = machine_need_missing(need, buf, size, &known);

	if (known || on_path(need))
		return why;
	snprintf(buf, size, "needs %s, not found on PATH", need);
	return buf;
}

bool needs_met(const char *need)
{
	char buf[512];

	return need_missing(need, buf, sizeof(buf)) == NULL;
}

int needs_machine_met(const char *need)
{
	char buf[512];
	bool known;
	const char *why = machine_need_missing(need, buf, sizeof(buf), &known);

	return !known ? -1 : why == NULL;
}

static const securer_runtime runtime_of[LANG_COUNT] = {
    [LANG_SH] = SECURER_RUNTIME_SH,
    [LANG_PYTHON] = SECURER_RUNTIME_PYTHON,
    [LANG_R] = SECURER_RUNTIME_R,
};

/* Needs about what the kernel has, rather than what the machine was given:
 * without it, the surface the attack goes for does not exist here. */
static const char *const kernel_needs[] = {"kmod", "tiocsti"};

const char *worker_cannot_run(const struct row *row, char *buf, size_t size,
                              bool *not_applicable)
{
	const struct attack *a = row->attack;
	const char *why;

	*not_applicable = false;
	if (row->lang == LANG_C && !a->bin[0]) {
		snprintf(buf, size,
		         "the C attack is not built (run make attacks)");
		return buf;
	}
	if (row->mode == MODE_PROCESS && row->lang == LANG_PYTHON &&
	    !on_path("python3"))
		return "needs python3, not found on PATH";
	if (row->mode == MODE_PROCESS && row->lang == LANG_R &&
	    !on_path("Rscript"))
		return "needs Rscript, not found on PATH";
	if (row->mode == MODE_SESSION &&
	    securer_runtime_probe(runtime_of[row->lang], buf, size) < 0)
		return buf;
	for (int i = 0; i < a->n_needs; i++)
		if ((why = need_missing(a->needs[i], buf, size))) {
			for (size_t k = 0;
			     k < sizeof(kernel_needs) / sizeof(kernel_needs[0]);
			     k++)
				*not_applicable |=
				    !strcmp(a->needs[i], kernel_needs[k]);
			return why;
		}
	return NULL;
}
