/*
 * canary.c - planting and checking the canaries.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "canary.h"

extern char **environ;

static int random_token(char *buf, size_t len)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char raw[64];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || len > sizeof(raw) || read(fd, raw, len) != (ssize_t)len) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	for (size_t i = 0; i < len; i++)
		buf[i] = alphabet[raw[i] % (sizeof(alphabet) - 1)];
	buf[len] = '\0';
	return 0;
}

static const char *new_token(struct canaries *c, const char *name)
{
	int i = c->n_tokens++;

	snprintf(c->tokens[i].name, sizeof(c->tokens[i].name), "%s", name);
	if (random_token(c->tokens[i].value, 32) < 0)
		return NULL;
	return c->tokens[i].value;
}

static int write_file(const char *dir, const char *name, const char *text,
                      mode_t mode)
{
	char path[700];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int plant_home(struct canaries *c)
{
	char dir[400], text[512];
	const char *t;

	if (mkdir(c->home, 0700) < 0)
		return -1;
	snprintf(dir, sizeof(dir), "%s/.ssh", c->home);
	if (mkdir(dir, 0700) < 0 || !(t = new_token(c, "~/.ssh/id_rsa")))
		return -1;
	snprintf(text, sizeof(text),
	         "-----BEGIN OPENSSH PRIVATE KEY-----\n%s\n"
	         "-----END OPENSSH PRIVATE KEY-----\n",
	         t);
	if (write_file(dir, "id_rsa", text, 0600) < 0)
		return -1;
	snprintf(dir, sizeof(dir), "%s/.aws", c->home);
	if (mkdir(dir, 0700) < 0 || !(t = new_token(c, "~/.aws/credentials")))
		return -1;
	snprintf(text, sizeof(text),
	         "[default]\naws_access_key_id = AKIAEXAMPLE\n"
	         "aws_secret_access_key = %s\n",
	         t);
	if (write_file(dir, "credentials", text, 0600) < 0)
		return -1;
	if (!(t = new_token(c, "~/.bash_history")))
		return -1;
	snprintf(text, sizeof(text), "ls\nexport GITHUB_TOKEN=%s\ngit push\n",
	         t);
	return write_file(c->home, ".bash_history", text, 0600);
}

/* The caller environment of every run: ours, plus the secrets, with HOME
 * pointing at the fake home. */
static int build_env(struct canaries *c)
{
	static const char *const secrets[] = {
	    "OPENAI_API_KEY",
	    "AWS_SECRET_ACCESS_KEY",
	    "DATABASE_PASSWORD",
	};
	size_t n = 0, i = 0;

	while (environ[n])
		n++;
	c->env = calloc(n + 8, sizeof(char *));
	if (!c->env)
		return -1;
	for (size_t j = 0; j < n; j++)
		if (strncmp(environ[j], "HOME=", 5) != 0)
			c->env[i++] = strdup(environ[j]);
	if (asprintf(&c->env[i++], "HOME=%s", c->home) < 0)
		return -1;
	for (size_t s = 0; s < sizeof(secrets) / sizeof(secrets[0]); s++) {
		char name[64];
		const char *t;

		snprintf(name, sizeof(name), "env %s", secrets[s]);
		if (!(t = new_token(c, name)) ||
		    asprintf(&c->env[i++], "%s=%s", secrets[s], t) < 0)
			return -1;
	}
	c->env[i] = NULL;
	return 0;
}

int canary_plant(struct canaries *c, char *err, size_t err_size)
{
	const char *tmp = getenv("TMPDIR");

	memset(c, 0, sizeof(*c));
	snprintf(c->root, sizeof(c->root), "%s/securer-conform.XXXXXX",
	         tmp && tmp[0] == '/' ? tmp : "/tmp");
	if (!mkdtemp(c->root)) {
		snprintf(err, err_size, "cannot create %s: %s", c->root,
		         strerror(errno));
		return -1;
	}
	snprintf(c->home, sizeof(c->home), "%s/home", c->root);
	snprintf(c->prod, sizeof(c->prod), "%s/prod", c->root);
	if (plant_home(c) < 0 || build_env(c) < 0 ||
	    canary_reset_prod(c, err, err_size) < 0) {
		if (!err[0])
			snprintf(err, err_size,
			         "cannot plant canaries in %s: %s", c->root,
			         strerror(errno));
		return -1;
	}
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *f)
{
	(void)st;
	(void)f;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* FNV-1a over names, modes, sizes and contents: any change shows. */
static uint64_t fnv(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t tree_hash;
static int tree_files;

static int hash_entry(const char *path, const struct stat *st, int flag,
                      struct FTW *f)
{
	char buf[8192];
	ssize_t n;
	int fd;

	(void)flag;
	(void)f;
	tree_hash = fnv(tree_hash, path, strlen(path));
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

static int hash_tree(const char *root, uint64_t *hash, int *files)
{
	struct stat st;

	tree_hash = 0xcbf29ce484222325ULL;
	tree_files = 0;
	if (lstat(root, &st) < 0)
		return -1;
	nftw(root, hash_entry, 16, FTW_PHYS);
	*hash = tree_hash;
	*files = tree_files;
	return 0;
}

int canary_reset_prod(struct canaries *c, char *err, size_t err_size)
{
	char dir[400], text[128];

	nftw(c->prod, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	snprintf(dir, sizeof(dir), "%s/reports", c->prod);
	if (mkdir(c->prod, 0755) < 0 || mkdir(dir, 0755) < 0)
		goto fail;
	for (int i = 0; i < 5; i++) {
		char name[32];

		snprintf(name, sizeof(name), "q%d.csv", i + 1);
		snprintf(text, sizeof(text),
		         "region,revenue\nnorth,%d\nsouth,%d\n", 1000 + i,
		         2000 + i);
		if (write_file(dir, name, text, 0644) < 0)
			goto fail;
	}
	if (write_file(c->prod, "customers.db", "pretend this is precious\n",
	               0644) < 0 ||
	    hash_tree(c->prod, &c->manifest, &c->manifest_files) < 0)
		goto fail;
	return 0;
fail:
	snprintf(err, err_size, "cannot create %s: %s", c->prod,
	         strerror(errno));
	return -1;
}

bool canary_prod_changed(const struct canaries *c, char *evidence, size_t size)
{
	uint64_t h;
	int files;

	if (hash_tree(c->prod, &h, &files) < 0) {
		snprintf(evidence, size, "the production directory is gone");
		return true;
	}
	if (h == c->manifest)
		return false;
	snprintf(evidence, size,
	         "the production tree changed (%d of %d files left)", files,
	         c->manifest_files);
	return true;
}

void canary_remove(struct canaries *c)
{
	if (c->root[0])
		nftw(c->root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	for (size_t i = 0; c->env && c->env[i]; i++)
		free(c->env[i]);
	free(c->env);
	memset(c, 0, sizeof(*c));
}
