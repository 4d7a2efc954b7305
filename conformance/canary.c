/*
 * canary.c - planting and checking the canaries of one case.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "canary.h"
#include "fmt.h"

/* ---- tokens ------------------------------------------------------------- */

const char *tokens_add(struct tokens *tk, const char *name)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char raw[32];
	int i;

	if (tk->n == MAX_TOKENS ||
	    getrandom(raw, sizeof(raw), 0) != sizeof(raw))
		return NULL;
	i = tk->n++;
	snprintf(tk->t[i].name, sizeof(tk->t[i].name), "%s", name);
	for (size_t k = 0; k < sizeof(raw); k++)
		tk->t[i].value[k] = alphabet[raw[k] % (sizeof(alphabet) - 1)];
	tk->t[i].value[sizeof(raw)] = '\0';
	return tk->t[i].value;
}

void tokens_add_value(struct tokens *tk, const char *name, const char *value)
{
	if (tk->n == MAX_TOKENS)
		return;
	snprintf(tk->t[tk->n].name, sizeof(tk->t[0].name), "%s", name);
	snprintf(tk->t[tk->n].value, sizeof(tk->t[0].value), "%s", value);
	tk->n++;
}

const char *tokens_get(const struct tokens *tk, const char *name)
{
	for (int i = 0; i < tk->n; i++)
		if (strcmp(tk->t[i].name, name) == 0)
			return tk->t[i].value;
	return NULL;
}

/* The credential files of the fake home, each with its own token (the
 * secret variables' come from the runner's environment: secrets.h). */
static const char *const home_files[] = {
    "~/.ssh/id_rsa",      "~/.aws/credentials",    "~/.netrc",
    "~/.git-credentials", "~/.docker/config.json", "~/.kube/config",
    "~/.bash_history",    "~/.Rhistory",           "~/.python_history",
};

int tokens_make(struct tokens *tk)
{
	memset(tk, 0, sizeof(*tk));
	for (size_t i = 0; i < sizeof(home_files) / sizeof(home_files[0]); i++)
		if (!tokens_add(tk, home_files[i]))
			return -1;
	return 0;
}

/* ---- files -------------------------------------------------------------- */

static int write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(
	    path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
	size_t n = strlen(text);

	if (fd < 0)
		return -1;
	if (write(fd, text, n) != (ssize_t)n) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* Creates every directory of |path| below |base|. */
static int mkdirs(const char *path, mode_t mode)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, mode) < 0 && errno != EEXIST)
				return -1;
			*p = '/';
		}
	return mkdir(buf, mode) < 0 && errno != EEXIST ? -1 : 0;
}

/* The content of a home file holding |token|. */
static void home_text(const char *name, const char *token, char *out,
                      size_t size)
{
	if (strstr(name, "id_rsa"))
		snprintf(out, size,
		         "-----BEGIN OPENSSH PRIVATE KEY-----\n%s\n"
		         "-----END OPENSSH PRIVATE KEY-----\n",
		         token);
	else if (strstr(name, "credentials") && strstr(name, "aws"))
		snprintf(out, size,
		         "[default]\naws_access_key_id = AKIAEXAMPLE\n"
		         "aws_secret_access_key = %s\n",
		         token);
	else if (strstr(name, "netrc"))
		snprintf(out, size,
		         "machine api.example.com login bot password %s\n",
		         token);
	else if (strstr(name, "git-credentials"))
		snprintf(out, size, "https://bot:%s@github.com\n", token);
	else if (strstr(name, "docker"))
		snprintf(out, size,
		         "{\"auths\": {\"registry.example.com\": "
		         "{\"auth\": \"%s\"}}}\n",
		         token);
	else if (strstr(name, "kube"))
		snprintf(out, size,
		         "apiVersion: v1\nusers:\n- name: admin\n  user:\n"
		         "    token: %s\n",
		         token);
	else
		snprintf(out, size, "ls\nexport SECRET=%s\ngit push\n", token);
}

static int plant_home(struct canaries *c, const struct tokens *tk)
{
	char path[1200], text[512];

	if (mkdirs(c->home, 0700) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(home_files) / sizeof(home_files[0]);
	     i++) {
		const char *tok = tokens_get(tk, home_files[i]);
		char *slash;

		if (!tok || fmt(path, sizeof(path), "%s/%s", c->home,
		                home_files[i] + 2) < 0)
			return -1;
		slash = strrchr(path, '/');
		*slash = '\0';
		if (mkdirs(path, 0700) < 0)
			return -1;
		*slash = '/';
		home_text(home_files[i], tok, text, sizeof(text));
		if (write_file(path, text, 0600) < 0)
			return -1;
	}
	if (fmt(path, sizeof(path), "%s/.bashrc", c->home) < 0 ||
	    write_file(path, "alias ll='ls -l'\n", 0644) < 0 ||
	    fmt(path, sizeof(path), "%s/.profile", c->home) < 0 ||
	    write_file(path, "PATH=$HOME/bin:$PATH\n", 0644) < 0)
		return -1;
	return 0;
}

static int plant_prod(struct canaries *c)
{
	char path[1200], text[128];

	if (mkdirs(c->prod, 0755) < 0 ||
	    fmt(path, sizeof(path), "%s/reports", c->prod) < 0 ||
	    mkdirs(path, 0755) < 0)
		return -1;
	for (int i = 0; i < 5; i++) {
		snprintf(text, sizeof(text),
		         "region,revenue\nnorth,%d\nsouth,%d\n", 1000 + i,
		         2000 + i);
		if (fmt(path, sizeof(path), "%s/reports/q%d.csv", c->prod,
		        i + 1) < 0 ||
		    write_file(path, text, 0644) < 0)
			return -1;
	}
	return fmt(path, sizeof(path), "%s/customers.db", c->prod) < 0
	           ? -1
	           : write_file(path, "pretend this is precious\n", 0644);
}

/* A workspace with the skeleton of a git repository, a script and its
 * input data (data/raw, which a policy may bind elsewhere too). */
static int plant_work(struct canaries *c)
{
	char path[1200];

	if (fmt(path, sizeof(path), "%s/.git/hooks", c->work) < 0 ||
	    mkdirs(path, 0755) < 0 ||
	    fmt(path, sizeof(path), "%s/.git/HEAD", c->work) < 0 ||
	    write_file(path, "ref: refs/heads/main\n", 0644) < 0 ||
	    fmt(path, sizeof(path), "%s/.git/config", c->work) < 0 ||
	    write_file(
	        path, "[core]\n\trepositoryformatversion = 0\n\tbare = false\n",
	        0644) < 0 ||
	    fmt(path, sizeof(path), "%s/.git/hooks/README", c->work) < 0 ||
	    write_file(path, "hooks live here\n", 0644) < 0 ||
	    fmt(path, sizeof(path), "%s/data/raw", c->work) < 0 ||
	    mkdirs(path, 0755) < 0 ||
	    fmt(path, sizeof(path), "%s/data/raw/input.csv", c->work) < 0 ||
	    write_file(path, "day,visits\nmon,12\ntue,15\n", 0644) < 0 ||
	    fmt(path, sizeof(path), "%s/analysis.py", c->work) < 0)
		return -1;
	return write_file(path, "print('hello')\n", 0644);
}

static int hash_all(struct canaries *c)
{
	char git[1200];
	int files;

	if (fmt(git, sizeof(git), "%s/.git", c->work) < 0)
		return -1;
	return canary_hash_tree(c->prod, &c->prod_hash, &files) < 0 ||
	               canary_hash_tree(c->home, &c->home_hash, &files) < 0 ||
	               canary_hash_tree(git, &c->git_hash, &files) < 0
	           ? -1
	           : 0;
}

void canary_spread(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	long flags = 0;

	if (fd < 0)
		return;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 &&
	    !(flags & FS_TOPDIR_FL)) {
		flags |= FS_TOPDIR_FL;
		(void)ioctl(fd, FS_IOC_SETFLAGS, &flags);
	}
	close(fd);
}

static int identify(const char *root, uint64_t content, uint64_t *id);

/* |name| in the directory that holds |path|. */
static int beside(char *out, size_t size, const char *path, const char *name)
{
	const char *slash = strrchr(path, '/');

	return slash
	           ? fmt(out, size, "%.*s/%s", (int)(slash - path), path, name)
	           : fmt(out, size, "%s", name);
}

int canary_plant(struct canaries *c, const char *dir, const struct tokens *tk,
                 char *err, size_t err_size)
{
	memset(c, 0, sizeof(*c));
	if (fmt(c->dir, sizeof(c->dir), "%s", dir) < 0 ||
	    fmt(c->home, sizeof(c->home), "%s/home", dir) < 0 ||
	    fmt(c->prod, sizeof(c->prod), "%s/prod", dir) < 0 ||
	    fmt(c->work, sizeof(c->work), "%s/work", dir) < 0 ||
	    fmt(c->marker, sizeof(c->marker), "%s/host-marker", dir) < 0 ||
	    beside(c->trash, sizeof(c->trash), dir, CANARY_TRASH) < 0 ||
	    mkdirs(dir, 0755) < 0)
		goto fail;
	if (plant_home(c, tk) < 0 || plant_prod(c) < 0 || plant_work(c) < 0 ||
	    hash_all(c) < 0 ||
	    identify(c->home, c->home_hash, &c->home_id) < 0 ||
	    identify(c->prod, c->prod_hash, &c->prod_id) < 0) {
	fail:
		snprintf(err, err_size, "cannot plant canaries in %s: %s", dir,
		         strerror(errno));
		return -1;
	}
	return 0;
}

int canary_rehash(struct canaries *c)
{
	return hash_all(c);
}

/* The planted trees, with what a case left in them (canary_clear). */
static void clear_planted(const struct canaries *c)
{
	canary_clear(c->prod, c->trash);
	canary_clear(c->home, c->trash);
	/* the whole workspace: nothing a run left there reaches the next */
	canary_clear(c->work, c->trash);
}

/* Whether |root| is still the tree identified as |id| when planted. */
static bool untouched(const char *root, uint64_t id)
{
	uint64_t content, now;
	int files;

	return id && canary_hash_tree(root, &content, &files) == 0 &&
	       identify(root, content, &now) == 0 && now == id;
}

int canary_reset(struct canaries *c, const struct tokens *tk, char *err,
                 size_t err_size)
{
	bool keep_home = !c->replant && untouched(c->home, c->home_id);
	bool keep_prod = !c->replant && untouched(c->prod, c->prod_id);
	char git[1200];
	int files;

	if (!keep_prod)
		canary_clear(c->prod, c->trash);
	if (!keep_home)
		canary_clear(c->home, c->trash);
	canary_clear(c->work, c->trash);
	unlink(c->marker);
	c->replant = false;
	/* a tree kept holds what was planted: its content hash stays */
	if ((!keep_home &&
	     (plant_home(c, tk) < 0 ||
	      canary_hash_tree(c->home, &c->home_hash, &files) < 0 ||
	      identify(c->home, c->home_hash, &c->home_id) < 0)) ||
	    (!keep_prod &&
	     (plant_prod(c) < 0 ||
	      canary_hash_tree(c->prod, &c->prod_hash, &files) < 0 ||
	      identify(c->prod, c->prod_hash, &c->prod_id) < 0)) ||
	    plant_work(c) < 0 ||
	    fmt(git, sizeof(git), "%s/.git", c->work) < 0 ||
	    canary_hash_tree(git, &c->git_hash, &files) < 0) {
		snprintf(err, err_size, "cannot restore the canaries in %s: %s",
		         c->dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- checking ----------------------------------------------------------- */

/* FNV-1a over names, modes, sizes and contents.  nftw has no user data
 * pointer: the state is per thread. */
static _Thread_local uint64_t tree_hash;
static _Thread_local int tree_files;
static _Thread_local size_t tree_root_len;

static uint64_t fnv(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static int hash_entry(const char *path, const struct stat *st, int flag,
                      struct FTW *f)
{
	char buf[8192];
	ssize_t n;
	int fd;

	(void)flag;
	(void)f;
	/* relative names: the hash must not depend on where the tree is */
	tree_hash =
	    fnv(tree_hash, path + tree_root_len, strlen(path + tree_root_len));
	tree_hash = fnv(tree_hash, &st->st_mode, sizeof(st->st_mode));
	tree_hash = fnv(tree_hash, &st->st_size, sizeof(st->st_size));
	if (!S_ISREG(st->st_mode))
		return 0;
	tree_files++;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		tree_hash = fnv(tree_hash, buf, (size_t)n);
	close(fd);
	return 0;
}

/* Every entry's name and identity: the inode, its type and mode, owner,
 * link count, size, and its modification and change times.  The kernel
 * moves the change time on every change to an inode (content, mode,
 * owner, links, a rename, extended attributes and ACLs); only setting the
 * system clock back could make a changed inode look untouched. */
static int identity_entry(const char *path, const struct stat *st, int flag,
                          struct FTW *f)
{
	(void)f;
	tree_hash =
	    fnv(tree_hash, path + tree_root_len, strlen(path + tree_root_len));
	tree_hash = fnv(tree_hash, &flag, sizeof(flag));
	if (flag == FTW_NS)
		return 0;
	tree_hash = fnv(tree_hash, &st->st_dev, sizeof(st->st_dev));
	tree_hash = fnv(tree_hash, &st->st_ino, sizeof(st->st_ino));
	tree_hash = fnv(tree_hash, &st->st_mode, sizeof(st->st_mode));
	tree_hash = fnv(tree_hash, &st->st_uid, sizeof(st->st_uid));
	tree_hash = fnv(tree_hash, &st->st_gid, sizeof(st->st_gid));
	tree_hash = fnv(tree_hash, &st->st_nlink, sizeof(st->st_nlink));
	tree_hash = fnv(tree_hash, &st->st_size, sizeof(st->st_size));
	tree_hash = fnv(tree_hash, &st->st_mtim, sizeof(st->st_mtim));
	tree_hash = fnv(tree_hash, &st->st_ctim, sizeof(st->st_ctim));
	return 0;
}

/* The identity of every entry under |root|, with |content|, the hash of
 * what they hold (canary_hash_tree, taken by the caller): the content
 * too, since on a kernel with coarse timestamps (before 6.13) a write of
 * the same size within the clock tick of the planting leaves every time
 * as it was. */
static int identify(const char *root, uint64_t content, uint64_t *id)
{
	struct stat st;

	tree_hash = 0xcbf29ce484222325ULL;
	tree_root_len = strlen(root);
	if (lstat(root, &st) < 0 ||
	    nftw(root, identity_entry, 16, FTW_PHYS) != 0)
		return -1;
	*id = fnv(tree_hash, &content, sizeof(content));
	if (!*id)
		*id = 1;
	return 0;
}

int canary_hash_tree(const char *root, uint64_t *hash, int *files)
{
	struct stat st;

	tree_hash = 0xcbf29ce484222325ULL;
	tree_files = 0;
	tree_root_len = strlen(root);
	if (lstat(root, &st) < 0)
		return -1;
	nftw(root, hash_entry, 16, FTW_PHYS);
	*hash = tree_hash;
	*files = tree_files;
	return 0;
}

static bool changed(const char *root, uint64_t planted, const char *what,
                    char *ev, size_t size)
{
	uint64_t h;
	int files;

	if (canary_hash_tree(root, &h, &files) < 0) {
		snprintf(ev, size, "the %s is gone", what);
		return true;
	}
	if (h == planted)
		return false;
	snprintf(ev, size, "the %s changed (%d files now)", what, files);
	return true;
}

bool canary_prod_changed(const struct canaries *c, char *ev, size_t size)
{
	return changed(c->prod, c->prod_hash, "production directory", ev, size);
}

bool canary_home_changed(const struct canaries *c, char *ev, size_t size)
{
	return changed(c->home, c->home_hash, "victim's home", ev, size);
}

bool canary_git_changed(const struct canaries *c, char *ev, size_t size)
{
	char git[1200];

	if (fmt(git, sizeof(git), "%s/.git", c->work) < 0)
		return false;
	return changed(git, c->git_hash, "workspace's .git (hooks, config)", ev,
	               size);
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *f)
{
	(void)st;
	(void)f;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static _Thread_local int locked_seen;
static _Thread_local long walked;

/* Makes a directory searchable; one nftw could not read is retried on the
 * next pass, once its parent let us in.  Counts what it walks. */
static int unlock_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *f)
{
	(void)f;
	walked++;
	if (flag == FTW_D || flag == FTW_DNR)
		if ((st->st_mode & 0700) != 0700 &&
		    chmod(path, (st->st_mode & 07777) | 0700) == 0)
			locked_seen += flag == FTW_DNR;
	return 0;
}

/* Moves |tree| into |trash| (made if missing) under a name of its own. */
static int move_to(const char *tree, const char *trash)
{
	static int moved;
	char dst[700];

	if ((mkdir(trash, 0700) < 0 && errno != EEXIST) ||
	    fmt(dst, sizeof(dst), "%s/%ld-%d", trash, (long)getpid(), moved++) <
	        0)
		return -1;
	return rename(tree, dst);
}

void canary_clear(const char *tree, const char *trash)
{
	/* Make what the attacks locked up (0000 dirs) removable first. */
	walked = 0;
	for (int pass = 0; pass < 32; pass++) {
		locked_seen = 0;
		nftw(tree, unlock_entry, 16, FTW_PHYS | FTW_MOUNT);
		if (!locked_seen)
			break;
	}
	if (trash && walked > CANARY_BULK && move_to(tree, trash) == 0)
		return;
	nftw(tree, rm_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

void canary_rmtree(const char *dir)
{
	canary_clear(dir, NULL);
}

void canary_remove(const struct canaries *c)
{
	clear_planted(c);
	canary_rmtree(c->dir);
}
