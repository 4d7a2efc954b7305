/*
 * cgroup_find.c - where this process can make a run's groups, read from
 * /proc/self/mountinfo and /proc/self/cgroup.  Our own groups are read
 * for every question; the cgroup mounts are kept, and read again only when
 * the mount table changed (a descriptor of /proc/self/mountinfo polls
 * POLLPRI then, proc(5)) or this process is in another mount namespace,
 * under another root directory, or is a fork's child.  Reading the mount table
 * is what a start of an unprivileged caller, which has no kept group to take,
 * paid most: 45 us of about 80 (docs/bench.md).
 *
 * cgroup v2: a new group is a sibling of ours (a v2 group that holds
 * processes cannot have controller-enabled children), which works when
 * our parent group enables the controller (cgroup.subtree_control) and is
 * writable by us.  cgroup v1: a child of ours in the controller's own
 * hierarchy.  A controller enabled on v2 is used there; otherwise its v1
 * hierarchy (a hybrid host mounts an empty cgroup2 beside the v1 ones).
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup_int.h"

struct mounts {
	char v2[256];                    /* cgroup2 mount point, "" if absent */
	char v1[SECURER__CG_N][256];     /* each controller's v1 hierarchy */
	char own_v2[512];                /* our group in v2 ("0::/path") */
	char own_v1[SECURER__CG_N][512]; /* our group in each v1 hierarchy */
};

static const char *const ctrl_name[SECURER__CG_N] = {"pids", "memory"};

/* Which controller |tok| names, or -1. */
static int ctrl_of(const char *tok)
{
	for (int c = 0; c < SECURER__CG_N; c++)
		if (strcmp(tok, ctrl_name[c]) == 0)
			return c;
	return -1;
}

/* Field 5 (mount point) and the filesystem type and super options after
 * " - " of a mountinfo line. */
static void parse_mountinfo(struct mounts *m, char *text)
{
	char *line, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char mnt[256], type[64], opts[512];
		const char *dash = strstr(line, " - ");

		if (!dash || sscanf(line, "%*s %*s %*s %*s %255s", mnt) != 1 ||
		    sscanf(dash + 3, "%63s %*s %511s", type, opts) != 2)
			continue;
		if (strcmp(type, "cgroup2") == 0 && !m->v2[0])
			snprintf(m->v2, sizeof(m->v2), "%s", mnt);
		else if (strcmp(type, "cgroup") == 0) {
			char *tok, *s2 = NULL;
			int c;

			for (tok = strtok_r(opts, ",", &s2); tok;
			     tok = strtok_r(NULL, ",", &s2))
				if ((c = ctrl_of(tok)) >= 0 && !m->v1[c][0])
					snprintf(m->v1[c], sizeof(m->v1[c]),
					         "%s", mnt);
		}
	}
}

/* The mounts read last, and how to tell whether they still hold. */
static struct {
	pthread_mutex_t lock;
	bool valid;
	pid_t pid;    /* a fork's child reads its own */
	int fd;       /* /proc/self/mountinfo, polled for changes */
	dev_t ns_dev; /* the mount namespace read */
	ino_t ns_ino;
	dev_t root_dev; /* the root directory then (mountinfo's paths are
	                 * relative to it: a chroot changes them) */
	ino_t root_ino;
	struct mounts m; /* v2 and v1 only */
} kept = {.lock = PTHREAD_MUTEX_INITIALIZER, .fd = -1};

static bool kept_holds(const struct stat *ns, const struct stat *root)
{
	struct pollfd p = {kept.fd, POLLPRI, 0};

	return kept.valid && kept.pid == getpid() && kept.fd >= 0 &&
	       ns->st_dev == kept.ns_dev && ns->st_ino == kept.ns_ino &&
	       root->st_dev == kept.root_dev && root->st_ino == kept.root_ino &&
	       poll(&p, 1, 0) == 0;
}

/* A fork's child: the lock as new (another thread of the parent may have
 * held it at the fork), the kept mounts to be read again. */
static void kept_in_child(void)
{
	pthread_mutex_init(&kept.lock, NULL);
	kept.valid = false;
}

static void kept_atfork(void)
{
	pthread_atfork(NULL, NULL, kept_in_child);
}

static void scan_mountinfo(struct mounts *m)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct stat ns = {0}, root = {0};
	char *text;

	pthread_once(&once, kept_atfork);
	pthread_mutex_lock(&kept.lock);
	if (stat("/proc/self/ns/mnt", &ns) == 0 && stat("/", &root) == 0 &&
	    kept_holds(&ns, &root)) {
		memcpy(m->v2, kept.m.v2, sizeof(m->v2));
		memcpy(m->v1, kept.m.v1, sizeof(m->v1));
		pthread_mutex_unlock(&kept.lock);
		return;
	}
	/* Read again: from a descriptor opened first, so a change made while
	 * it is read shows on its next poll. */
	kept.valid = false;
	/* (a fork's child closes its copy of its parent's: their poll state
	 * is one, shared) */
	securer__close_fd(&kept.fd);
	kept.fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	text = securer__read_file("/proc/self/mountinfo", 1 << 20);
	if (text) {
		memset(&kept.m, 0, sizeof(kept.m));
		parse_mountinfo(&kept.m, text);
		free(text);
		memcpy(m->v2, kept.m.v2, sizeof(m->v2));
		memcpy(m->v1, kept.m.v1, sizeof(m->v1));
		kept.pid = getpid();
		kept.ns_dev = ns.st_dev;
		kept.ns_ino = ns.st_ino;
		kept.root_dev = root.st_dev;
		kept.root_ino = root.st_ino;
		kept.valid = kept.fd >= 0 && ns.st_ino != 0 && root.st_ino != 0;
	}
	pthread_mutex_unlock(&kept.lock);
}

static void scan_self(struct mounts *m)
{
	char *text = securer__read_file("/proc/self/cgroup", 1 << 16);
	char *line, *save = NULL;

	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		/* "hierarchy-id:controllers:path"; v2 is "0::path" */
		char *c1 = strchr(line, ':'),
		     *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		char *tok, *s2 = NULL;
		int c;

		if (!c2)
			continue;
		*c1 = '\0';
		*c2 = '\0';
		if (strcmp(line, "0") == 0 && c1[1] == '\0') {
			snprintf(m->own_v2, sizeof(m->own_v2), "%s", c2 + 1);
			continue;
		}
		for (tok = strtok_r(c1 + 1, ",", &s2); tok;
		     tok = strtok_r(NULL, ",", &s2))
			if ((c = ctrl_of(tok)) >= 0)
				snprintf(m->own_v1[c], sizeof(m->own_v1[c]),
				         "%s", c2 + 1);
	}
	free(text);
}

static void scan(struct mounts *m)
{
	memset(m, 0, sizeof(*m));
	scan_mountinfo(m);
	scan_self(m);
}

static bool file_has_word(const char *path, const char *word)
{
	char *text = securer__read_file(path, 4096);
	bool found = false;
	char *tok, *save = NULL;

	if (!text)
		return false;
	for (tok = strtok_r(text, " \n", &save); tok && !found;
	     tok = strtok_r(NULL, " \n", &save))
		found = strcmp(tok, word) == 0;
	free(text);
	return found;
}

/* Where a new group limiting |c| can be made, given the mounts |m|. */
static void place_of(const struct mounts *m, int c,
                     struct securer__cgroup_place *p)
{
	char path[1024];

	memset(p, 0, sizeof(*p));
	if (m->v2[0] && m->own_v2[0]) {
		char parent[512];
		char *slash;

		snprintf(parent, sizeof(parent), "%s", m->own_v2);
		slash = strrchr(parent, '/');
		if (slash && slash != parent)
			*slash = '\0';
		else
			snprintf(parent, sizeof(parent), "/");
		snprintf(path, sizeof(path), "%s%s/cgroup.subtree_control",
		         m->v2, strcmp(parent, "/") ? parent : "");
		if (file_has_word(path, ctrl_name[c])) {
			if (snprintf(p->dir, sizeof(p->dir), "%s%s", m->v2,
			             strcmp(parent, "/") ? parent : "") >=
			    (int)sizeof(p->dir))
				p->dir[0] = '\0';
			else if (access(p->dir, W_OK) == 0) {
				p->v2 = true;
				return;
			}
			snprintf(p->why, sizeof(p->why), "%s is not writable",
			         p->dir);
			p->dir[0] = '\0';
		} else if (!m->v1[c][0]) {
			snprintf(p->why, sizeof(p->why),
			         "the %s controller is not enabled in %s",
			         ctrl_name[c], path);
		}
	}
	if (m->v1[c][0] && m->own_v1[c][0]) {
		if (snprintf(p->dir, sizeof(p->dir), "%s%s", m->v1[c],
		             strcmp(m->own_v1[c], "/") ? m->own_v1[c] : "") >=
		    (int)sizeof(p->dir))
			p->dir[0] = '\0';
		else if (access(p->dir, W_OK) == 0)
			return;
		snprintf(p->why, sizeof(p->why), "%s is not writable", p->dir);
		p->dir[0] = '\0';
		return;
	}
	if (!m->v2[0] && !m->v1[c][0])
		snprintf(p->why, sizeof(p->why),
		         "no cgroup %s controller is mounted", ctrl_name[c]);
}

static void places_of(const struct mounts *m,
                      struct securer__cgroup_place places[SECURER__CG_N])
{
	for (int c = 0; c < SECURER__CG_N; c++)
		place_of(m, c, &places[c]);
}

void securer__cgroup_places(struct securer__cgroup_place places[SECURER__CG_N])
{
	struct mounts m;

	scan(&m);
	places_of(&m, places);
}

void securer__cgroup_info(struct securer__cgroup_info *info)
{
	struct securer__cgroup_place places[SECURER__CG_N];
	struct mounts m;
	char own[800];

	memset(info, 0, sizeof(*info));
	scan(&m);
	snprintf(info->v2_mount, sizeof(info->v2_mount), "%s", m.v2);
	snprintf(info->v1_pids_mount, sizeof(info->v1_pids_mount), "%s",
	         m.v1[SECURER__CG_PIDS]);
	snprintf(info->own_v2, sizeof(info->own_v2), "%s", m.own_v2);
	if (m.v2[0] && m.own_v2[0]) {
		snprintf(own, sizeof(own), "%s%s", m.v2, m.own_v2);
		info->v2_writable = access(own, W_OK) == 0;
	}
	places_of(&m, places);
	snprintf(info->parent, sizeof(info->parent), "%s",
	         places[SECURER__CG_PIDS].dir);
	snprintf(info->why, sizeof(info->why), "%s",
	         places[SECURER__CG_PIDS].why);
	info->usable = info->parent[0] != '\0';
	snprintf(info->mem_parent, sizeof(info->mem_parent), "%s",
	         places[SECURER__CG_MEMORY].dir);
	snprintf(info->mem_why, sizeof(info->mem_why), "%s",
	         places[SECURER__CG_MEMORY].why);
	info->mem_usable = info->mem_parent[0] != '\0';
}
