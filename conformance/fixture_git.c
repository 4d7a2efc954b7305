/*
 * fixture_git.c - the git fixtures (fixtures_int.h): the workspace laid
 * out as a real repository before each run, and the user's next git
 * command after it.
 *
 *   git-repo      a repository with docs/ tracked, a submodule checked
 *                 out at lib/sub (its git directory in .git/modules) and
 *                 one that is not at vendor/tool (an empty directory)
 *   git-worktree  the workspace is a linked worktree: its .git is a file
 *                 pointing at T_CASE/git-main/.git/worktrees/...
 *   git-gitdir    `git init --separate-git-dir=.repo`: .git is a file
 *                 pointing at a git directory inside the workspace
 *
 * After the run the runner plays the user: `git status` at the top of the
 * workspace, then in docs/, as someone reviewing what an agent did would
 * type.  Whatever the code planted that git runs (a hook, a
 * core.fsmonitor, a gitdir pointer to a git directory of its own) then
 * runs on the host, outside any sandbox: the attacks make it create
 * T_MARKER, and the marker oracle fires.  Git runs with a neutral
 * identity, no system or user configuration (HOME is an empty directory
 * of the case), a 15 s limit and its own process group, killed whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fixtures_int.h"
#include "fmt.h"

#define GIT_MS 15000

static bool has(const struct fixtures *f, enum fixture x)
{
	return f->want & FIXTURE_BIT(x);
}

static bool any_git(const struct fixtures *f)
{
	return has(f, FIXTURE_GIT_REPO) || has(f, FIXTURE_GIT_WORKTREE) ||
	       has(f, FIXTURE_GIT_GITDIR);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* sh -c |script| in T_CASE with git's environment; its exit status, or -1
 * (killed at the limit, or not started). */
static int run_sh(const struct fixtures *f, const char *script)
{
	char home[700], env_home[720];
	int64_t deadline = now_ms() + GIT_MS;
	int status;
	pid_t pid;

	if (fmt(home, sizeof(home), "%s/git-home", f->c->dir) < 0 ||
	    (mkdir(home, 0755) < 0 && errno != EEXIST) ||
	    fmt(env_home, sizeof(env_home), "HOME=%s", home) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		const char *const envp[] = {
		    "PATH=/usr/local/bin:/usr/bin:/bin",
		    env_home,
		    "GIT_CONFIG_NOSYSTEM=1",
		    "GIT_TERMINAL_PROMPT=0",
		    "GIT_AUTHOR_NAME=user",
		    "GIT_AUTHOR_EMAIL=user@example.com",
		    "GIT_COMMITTER_NAME=user",
		    "GIT_COMMITTER_EMAIL=user@example.com",
		    "LANG=C.UTF-8",
		    NULL};
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 ||
		    dup2(null, 2) < 0 || chdir(f->c->dir) < 0)
			_exit(126);
		execle("/bin/sh", "sh", "-c", script, (char *)NULL,
		       (char *const *)envp);
		_exit(127);
	}
	setpgid(pid, pid);
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (now_ms() > deadline) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -1;
		}
		usleep(10000);
	}
	kill(-pid, SIGKILL); /* whatever it left in its group */
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The layout of the first run, kept in T_CASE/git-template: the
 * workspace (canaries, docs/, .git, submodules) and what lies beside it
 * (the submodules' source, the main worktree).  Each later run gets a
 * copy, made in place (the same paths: what git wrote, absolute or
 * relative, still holds), instead of some fifteen git processes (cloning
 * two submodules) per run: the same repository, files and history; only
 * the commits' times and the inodes differ, which git's own stat check
 * sorts out at the user's next status.  The canaries are the row's, the
 * same in every run (canary_reset plants them again, then this replaces
 * the workspace with its copy). */
static int template_hash(const struct fixtures *f, uint64_t *hash)
{
	char dir[800];
	int files = 0;

	return fmt(dir, sizeof(dir), "%s/git-template", f->c->dir) < 0 ||
	               canary_hash_tree(dir, hash, &files) < 0 || files == 0
	           ? -1
	           : 0;
}

static int git_restore(struct fixtures *f)
{
	char script[4096];
	uint64_t now;

	/* whatever a run changed in the copy (it lies in T_CASE, which an
	 * unconfined control may write), the layout is made afresh */
	if (template_hash(f, &now) < 0 || now != f->git_hash) {
		f->git_saved = false;
		return fixture_git_layout(f);
	}
	if (fmt(script, sizeof(script),
	        "set -e; cd '%s'; rm -rf '%s' git-sub-src git-main git-wt; "
	        "cp -a git-template/work '%s'; "
	        "for d in git-sub-src git-main; do "
	        "if [ -e git-template/$d ]; then cp -a git-template/$d .; fi; "
	        "done",
	        f->c->dir, f->c->work, f->c->work) < 0)
		return -1;
	return run_sh(f, script) == 0 ? 0 : -1;
}

static int git_save(struct fixtures *f)
{
	char script[4096];

	if (fmt(script, sizeof(script),
	        "set -e; cd '%s'; rm -rf git-template; mkdir git-template; "
	        "cp -a '%s' git-template/work; "
	        "for d in git-sub-src git-main; do "
	        "if [ -e $d ]; then cp -a $d git-template/; fi; done",
	        f->c->dir, f->c->work) < 0 ||
	    run_sh(f, script) != 0 || template_hash(f, &f->git_hash) < 0)
		return -1;
	f->git_saved = true;
	return 0;
}

int fixture_git_layout(struct fixtures *f)
{
	const char *w = f->c->work, *c = f->c->dir;
	char script[8192];
	int n;

	if (!any_git(f))
		return 0;
	if (f->git_saved)
		return git_restore(f);
	/* the canaries' skeleton .git goes; the workspace's files stay */
	n = snprintf(script, sizeof(script),
	             "set -e; cd '%s'; rm -rf .git; mkdir -p docs; "
	             "echo 'notes for the team' > docs/README; ",
	             w);
	if (has(f, FIXTURE_GIT_REPO))
		n += snprintf(
		    script + n, sizeof(script) - (size_t)n,
		    "git init -q -b main .; git add -A; "
		    "git commit -q -m initial; "
		    "rm -rf '%s/git-sub-src'; "
		    "git init -q -b main '%s/git-sub-src'; "
		    "git -C '%s/git-sub-src' commit -q --allow-empty -m s; "
		    "git -c protocol.file.allow=always submodule add -q "
		    "'%s/git-sub-src' lib/sub; "
		    "git -c protocol.file.allow=always submodule add -q "
		    "'%s/git-sub-src' vendor/tool; "
		    "git commit -q -m 'add lib/sub and vendor/tool'; "
		    "git submodule deinit -q vendor/tool",
		    c, c, c, c, c);
	else if (has(f, FIXTURE_GIT_WORKTREE))
		n += snprintf(
		    script + n, sizeof(script) - (size_t)n,
		    "rm -rf '%s/git-main' '%s/git-wt'; "
		    "git init -q -b main '%s/git-main'; "
		    "cd '%s/git-main'; echo main > README; git add -A; "
		    "git commit -q -m initial; "
		    "git worktree add -q --detach '%s/git-wt'; "
		    "mv '%s/git-wt/.git' '%s/.git'; rm -rf '%s/git-wt'; "
		    "cd '%s'; git worktree repair",
		    c, c, c, c, c, c, w, c, w);
	else
		n += snprintf(script + n, sizeof(script) - (size_t)n,
		              "git init -q -b main --separate-git-dir=.repo .; "
		              "echo /.repo >> .repo/info/exclude; git add -A; "
		              "git commit -q -m initial");
	if (n < 0 || (size_t)n >= sizeof(script))
		return -1;
	if (run_sh(f, script) != 0)
		return -1;
	/* a run without the copy is only slower */
	(void)git_save(f);
	return 0;
}

uint64_t fixture_git_user(struct fixtures *f, char *ev, size_t size,
                          size_t *used)
{
	char script[2048], text[900];

	if (!any_git(f) || access(f->c->marker, F_OK) == 0)
		return 0; /* the marker oracle already saw it */
	if (fmt(script, sizeof(script),
	        "cd '%s' && git status; cd '%s/docs' && git status", f->c->work,
	        f->c->work) < 0)
		return 0;
	run_sh(f, script);
	if (access(f->c->marker, F_OK) != 0)
		return 0;
	snprintf(
	    text, sizeof(text),
	    "marker: the user's next `git status` in the workspace (outside "
	    "any sandbox) ran what the code planted: %.700s appeared",
	    f->c->marker);
	fixture_add_ev(ev, size, used, text);
	return ORACLE_BIT(ORACLE_MARKER);
}
