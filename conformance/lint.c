/*
 * lint.c - checking the corpus without running it (lint.h).
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "expect.h"
#include "judge.h"
#include "lint.h"

static int problems;

static void problem(const struct attack *a, const char *what)
{
	printf("  %s/%s: %s\n", a ? a->category : "-", a ? a->id : "-", what);
	problems++;
}

static bool needs(const struct attack *a, const char *what)
{
	for (int i = 0; i < a->n_needs; i++)
		if (!strcmp(a->needs[i], what))
			return true;
	return false;
}

/* A workload: a file in some language, result lines, the keys that go
 * together (docs/workloads.md). */
static void check_workload(const struct attack *a)
{
	static const char *const exts[LANG_COUNT] = {"sh", "c", "py", "R"};
	int langs = 0;

	for (int l = 0; l < LANG_COUNT; l++) {
		char path[1200];
		FILE *f;
		char line[512];
		bool done = false;

		if (!a->has[l])
			continue;
		langs++;
		snprintf(path, sizeof(path), "%s/workload.%s", a->src_dir,
		         exts[l]);
		if (!(f = fopen(path, "r"))) {
			problem(a, "a workload file cannot be read");
			continue;
		}
		while (fgets(line, sizeof(line), f))
			done |= strstr(line, "@@ done") != NULL;
		fclose(f);
		if (!done) {
			char what[256];

			snprintf(what, sizeof(what),
			         "workload.%s never prints \"@@ done\" (its "
			         "last result line)",
			         exts[l]);
			problem(a, what);
		}
	}
	if (!langs)
		problem(a, "no workload.sh, workload.c, workload.py or "
		           "workload.R");
	if (a->tools && a->modes != 1u << MODE_SESSION)
		problem(a, "tools exist only in sessions: \"modes\": "
		           "[\"session\"]");
	if (a->tools && a->has[LANG_C])
		problem(a, "a C program cannot call the session's tools");
	if (a->compare[0] && !a->output_file[0])
		problem(a, "\"compare\" needs \"output_file\"");
	if (!strcmp(a->category, "dos"))
		problem(a, "the dos category is the attacks' (its rows run "
		           "apart)");
}

static void check_attack(const struct attack *a)
{
	static const enum fixture in_netns[] = {
	    FIXTURE_SYSCTL, FIXTURE_HOSTNAME, FIXTURE_METADATA};
	int langs = 0;

	for (int l = 0; l < LANG_COUNT; l++)
		langs += a->has[l];
	if (!langs)
		problem(a, "no attack.sh, attack.c, attack.py or attack.R");
	if (a->seed && langs != LANG_COUNT)
		problem(a, "a seed scenario must exist in sh, C, Python and R");
	if (a->surface != !!(a->oracles & ORACLE_BIT(ORACLE_REACH)))
		problem(
		    a,
		    "surface probes (and only they) use the \"reach\" oracle");
	if ((a->oracles & (ORACLE_BIT(ORACLE_FDS) | ORACLE_BIT(ORACLE_DISK) |
	                   ORACLE_BIT(ORACLE_INODES))) &&
	    !a->exclusive)
		problem(a, "the host-wide oracles (fds, disk, inodes) need "
		           "\"exclusive\"");
	for (size_t i = 0; i < sizeof(in_netns) / sizeof(in_netns[0]); i++)
		if ((a->fixtures & FIXTURE_BIT(in_netns[i])) &&
		    !needs(a, "netns"))
			problem(
			    a,
			    "the sysctl, hostname and metadata fixtures need "
			    "\"needs\": [\"netns\"]");
	if ((a->fixtures &
	     (FIXTURE_BIT(FIXTURE_TTY) | FIXTURE_BIT(FIXTURE_DIRFD))) &&
	    (a->modes & (1u << MODE_SESSION)))
		problem(a,
		        "the tty and dirfd fixtures are for process mode only");
	if ((a->oracles & ORACLE_BIT(ORACLE_TTY)) &&
	    !(a->fixtures & FIXTURE_BIT(FIXTURE_TTY)))
		problem(a, "the tty oracle needs the tty fixture");
	if ((a->oracles & ORACLE_BIT(ORACLE_EXE)) &&
	    !(a->fixtures & FIXTURE_BIT(FIXTURE_VICTIM)))
		problem(a, "the exe oracle needs the victim fixture");
	if ((a->oracles & ORACLE_BIT(ORACLE_CALLBACK)) &&
	    !(a->fixtures & FIXTURE_BIT(FIXTURE_PEER)))
		problem(a, "the callback oracle needs the peer fixture");
	if ((a->oracles & ORACLE_BIT(ORACLE_SENTINEL)) &&
	    !(a->fixtures & FIXTURE_BIT(FIXTURE_SENTINEL)))
		problem(a, "the sentinel oracle needs the sentinel fixture");
	if ((a->fixtures & FIXTURE_BIT(FIXTURE_IFALIAS)) && !needs(a, "netns"))
		problem(a, "the ifalias fixture needs \"needs\": [\"netns\"]");
	if ((a->fixtures & (FIXTURE_BIT(FIXTURE_GIT_REPO) |
	                    FIXTURE_BIT(FIXTURE_GIT_WORKTREE) |
	                    FIXTURE_BIT(FIXTURE_GIT_GITDIR))) &&
	    !needs(a, "git"))
		problem(a, "the git fixtures need \"needs\": [\"git\"]");
	if (__builtin_popcount(a->fixtures &
	                       (FIXTURE_BIT(FIXTURE_GIT_REPO) |
	                        FIXTURE_BIT(FIXTURE_GIT_WORKTREE) |
	                        FIXTURE_BIT(FIXTURE_GIT_GITDIR))) > 1)
		problem(a,
		        "one git fixture at most: each lays the workspace out");
	if ((a->oracles & ORACLE_BIT(ORACLE_HOSTMEM)) &&
	    a->modes != 1u << MODE_SESSION)
		problem(a, "the hostmem oracle watches a session's host: "
		           "\"modes\": [\"session\"]");
	if ((a->fixtures & FIXTURE_BIT(FIXTURE_SAME_SESSION)) &&
	    a->modes != 1u << MODE_SESSION)
		problem(a, "the same-session fixture runs two executes in one "
		           "session: \"modes\": [\"session\"]");
	if ((a->fixtures & FIXTURE_BIT(FIXTURE_SAME_SESSION)) &&
	    (a->fixtures & FIXTURE_BIT(FIXTURE_SECOND_RUN)))
		problem(a, "second-run and same-session exclude each other");
	if ((a->oracles & ORACLE_BIT(ORACLE_CARRYOVER)) &&
	    !(a->fixtures & FIXTURE_BIT(FIXTURE_SAME_SESSION)))
		problem(a,
		        "the carryover oracle needs the same-session fixture");
	if ((a->fixtures & FIXTURE_BIT(FIXTURE_ETC_SECRETS)) &&
	    !needs(a, "root"))
		problem(a, "the etc-secrets fixture writes under /etc: it "
		           "needs \"needs\": [\"root\"]");
	if ((a->oracles & ORACLE_BIT(ORACLE_SHMEM)) && !a->exclusive)
		problem(
		    a, "the shmem oracle is host-wide: it needs \"exclusive\"");
}

static void check_expectations(const struct conform_opts *o, const char *column,
                               const struct attack *a, size_t n, bool required)
{
	struct expect_file f;
	char err[1024];

	if (expect_load(o->expect_dir, column, &f, err, sizeof(err)) < 0) {
		printf("  %s\n", err);
		problems++;
		return;
	}
	if (!f.found) {
		if (required) {
			printf("  %s: missing (every attack needs an "
			       "expectation for %s)\n",
			       f.path, column);
			problems++;
		}
		return;
	}
	for (size_t i = 0; i < n; i++) {
		/* workloads must work: only their exceptions are listed */
		if (!a[i].workload && !expect_find(&f, a[i].id, "")) {
			char what[1200];

			snprintf(what, sizeof(what), "no expectation in %s",
			         f.path);
			problem(&a[i], what);
		}
	}
	/* an expectation for an attack that does not exist (a typo, or a
	 * removed attack) hides nothing but misleads: only when the whole
	 * corpus is loaded */
	for (size_t e = 0; !o->ids && !o->category && e < f.n; e++) {
		bool known = false;

		for (size_t i = 0; i < n && !known; i++)
			known = !strcmp(a[i].id, f.entries[e].attack) &&
			        a[i].workload == f.entries[e].workload;
		if (!known) {
			printf("  %s: \"%s\" is not %s of the corpus\n", f.path,
			       f.entries[e].attack,
			       f.entries[e].workload ? "a workload"
			                             : "an attack");
			problems++;
		}
	}
	expect_release(&f);
}

int lint_run(const struct conform_opts *o, const struct attack *a, size_t n)
{
	DIR *d = opendir(o->expect_dir);
	struct dirent *e;
	size_t langs = 0;

	problems = 0;
	printf("securer conform --lint: %zu attacks and workloads in %s\n", n,
	       o->attacks_dir);
	for (size_t i = 0; i < n; i++) {
		if (a[i].workload)
			check_workload(&a[i]);
		else
			check_attack(&a[i]);
		for (int l = 0; l < LANG_COUNT; l++)
			langs += a[i].has[l];
	}
	check_expectations(o, "none", a, n, true);
	check_expectations(o, "bwrap", a, n, true);
	while (d && (e = readdir(d))) {
		char column[96];
		size_t len = strlen(e->d_name);

		if (len < 6 || strcmp(e->d_name + len - 5, ".json") ||
		    !strcmp(e->d_name, "none.json") ||
		    !strcmp(e->d_name, "bwrap.json"))
			continue;
		snprintf(column, sizeof(column), "%.*s", (int)(len - 5),
		         e->d_name);
		if (!strncmp(column, "external-", 9))
			column[8] = ':';
		check_expectations(o, column, a, n, false);
	}
	if (d)
		closedir(d);
	if (problems) {
		printf("%d problem%s\n", problems, problems == 1 ? "" : "s");
		return 1;
	}
	{
		size_t w = 0;

		for (size_t i = 0; i < n; i++)
			w += a[i].workload;
		printf("OK: %zu attacks and %zu workloads, %zu files, every "
		       "attack with its metadata and an expectation for "
		       "every backend, every workload with its metadata "
		       "and result lines\n",
		       n - w, w, langs);
	}
	return 0;
}
