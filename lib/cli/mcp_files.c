/*
 * mcp_files.c - the workspace: a host directory the sessions see writable
 * (bound at its own path), and upload_file, download_file and list_files
 * within it.
 *
 * The sandboxed code writes this directory, so every name in it is
 * hostile: a symlink it planted may point at any host file, and it may
 * swap a directory for a link while a path is being resolved.  Paths are
 * therefore never checked as strings: each one is resolved by the kernel
 * in one openat2(2) call from the workspace's descriptor, with
 * RESOLVE_BENEATH (no escape through "..", an absolute path or a link
 * that leads out) and RESOLVE_NO_SYMLINKS (no link followed at all, even
 * one that stays inside: it may be swapped).  A file is written under a
 * fresh name and renamed into place, so an existing link or hard link is
 * replaced, never written through; a file is read only when it is a
 * regular file, checked on the descriptor that is read.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mcp.h"

#define LIST_MAX_ENTRIES 1000
#define LIST_MAX_DEPTH   32

static int open_beneath(int dirfd, const char *path, int flags)
{
	/* openat2 refuses O_PATH with any flag but these three. */
	int extra = flags & O_PATH ? O_CLOEXEC : O_CLOEXEC | O_NOCTTY;
	struct open_how how = {
	    .flags = (uint64_t)(flags | extra),
	    .resolve =
	        RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));

	return fd < 0 ? -errno : (int)fd;
}

static const char *why_not(int err)
{
	switch (-err) {
	case EXDEV:
		return "the path leaves the workspace";
	case ELOOP:
		return "the path goes through a symbolic link (links are not "
		       "followed)";
	case ENOENT:
		return "no such file or directory";
	case ENOTDIR:
		return "a part of the path is not a directory";
	default:
		return strerror(-err);
	}
}

static cJSON *fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static cJSON *fail(const char *fmt, ...)
{
	char text[1024] = "";
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return mcp_text_result(text, strlen(text), true);
}

/* The workspace-relative form of |path| in |out|: an absolute path is
 * accepted when it names the workspace itself or something in it (the
 * code sees the workspace at the same path); "" and "/" alone become ".".
 * The kernel still checks the rest (openat2). */
static int relative(const struct mcp_config *cfg, const char *path, char *out,
                    size_t size)
{
	size_t ws = strlen(cfg->workspace);

	if (path[0] == '/') {
		if (strncmp(path, cfg->workspace, ws) != 0 ||
		    (path[ws] != '/' && path[ws] != '\0'))
			return -EXDEV;
		path += ws;
		path += strspn(path, "/");
	}
	if (strlen(path) >= size || strlen(path) >= PATH_MAX)
		return -ENAMETOOLONG;
	snprintf(out, size, "%s", path[0] ? path : ".");
	return 0;
}

/* ---- upload ------------------------------------------------------------- */

/* Opens directory |rel| (O_PATH), making the missing ones when |create|:
 * each mkdirat() names one component inside a directory that was itself
 * opened beneath the workspace. */
static int open_dir(int root, const char *rel, bool create)
{
	char buf[PATH_MAX];
	size_t n = strlen(rel);
	int fd = open_beneath(root, rel, O_PATH | O_DIRECTORY);

	if (fd != -ENOENT || !create || n >= sizeof(buf))
		return fd;
	memcpy(buf, rel, n + 1);
	for (size_t end = 0; end <= n; end++) {
		size_t start = end;
		char saved = buf[end];
		int pfd;

		if (saved != '/' && saved != '\0')
			continue;
		while (start > 0 && buf[start - 1] != '/')
			start--;
		if (start == end)
			continue; /* an empty component: "a//b" */
		buf[end] = '\0';
		if (start > 0)
			buf[start - 1] = '\0';
		pfd = open_beneath(root, start > 1 ? buf : ".",
		                   O_PATH | O_DIRECTORY);
		if (start > 0)
			buf[start - 1] = '/';
		if (pfd >= 0 && mkdirat(pfd, buf + start, 0755) < 0 &&
		    errno != EEXIST) {
			int err = -errno;

			close(pfd);
			pfd = err;
		}
		buf[end] = saved;
		if (pfd < 0)
			return pfd;
		close(pfd);
	}
	return open_beneath(root, rel, O_PATH | O_DIRECTORY);
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Writes |data| as |leaf| in directory |dfd|: a fresh file, then
 * renameat() over the name. */
static int replace_file(int dfd, const char *leaf, const unsigned char *data,
                        size_t len)
{
	static unsigned counter;
	char tmp[64];
	int fd = -1, rc;

	for (int tries = 0; fd < 0 && tries < 100; tries++) {
		snprintf(tmp, sizeof(tmp), ".securer-upload-%d-%u",
		         (int)getpid(),
		         __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED));
		fd = openat(
		    dfd, tmp,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			return -errno;
	}
	if (fd < 0)
		return -EEXIST;
	rc = write_all(fd, data, len);
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && renameat(dfd, tmp, dfd, leaf) < 0)
		rc = -errno;
	if (rc < 0)
		unlinkat(dfd, tmp, 0);
	return rc;
}

/* Whether |rel| goes through a component named ".git".  The sandbox sees
 * the workspace's .git read-only (files.protect_git): a hook or a config
 * planted there runs with the user's next git command.  The file tools
 * work on the host, below that mount, so they keep the promise
 * themselves, and more strictly: no .git is written or made anywhere
 * (securer_git_protected adds the git directories .git pointers name).
 * Links are never followed, so a name is the only way through. */
static bool through_git(const char *rel)
{
	for (const char *p = rel; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 4 && strncmp(p, ".git", 4) == 0)
			return true;
		p += n;
		p += strspn(p, "/");
	}
	return false;
}

cJSON *mcp_files_upload(struct mcp_server *srv, const cJSON *args)
{
	const struct mcp_config *cfg = &srv->cfg;
	const char *path =
	    cJSON_GetObjectItemCaseSensitive(args, "path")->valuestring;
	const char *content =
	    cJSON_GetObjectItemCaseSensitive(args, "content")->valuestring;
	const cJSON *enc = cJSON_GetObjectItemCaseSensitive(args, "encoding");
	char rel[PATH_MAX], done[PATH_MAX + 64], *leaf;
	unsigned char *data = NULL;
	size_t len;
	int dfd, rc;

	if ((rc = relative(cfg, path, rel, sizeof(rel))) < 0)
		return fail("upload_file '%.200s': %s", path, why_not(rc));
	leaf = strrchr(rel, '/');
	leaf = leaf ? leaf + 1 : rel;
	if (!leaf[0] || strcmp(leaf, ".") == 0 || strcmp(leaf, "..") == 0)
		return fail("upload_file '%.200s': not a file name", path);
	if (cfg->protect_git && through_git(rel))
		return fail("upload_file '%.200s': .git is read-only "
		            "(files.protect_git)",
		            path);
	/* The git directory a .git pointer names, a submodule's: what the
	 * sandbox mounts read-only.  Fails closed when that cannot be
	 * told. */
	if (cfg->protect_git &&
	    (rc = securer_git_protected(cfg->workspace_fd, rel)) != 0)
		return fail(
		    "upload_file '%.200s': %s (files.protect_git)", path,
		    rc > 0 ? "a git directory is read-only" : why_not(rc));
	if (cJSON_IsString(enc) && strcmp(enc->valuestring, "base64") == 0) {
		rc = mcp_base64_decode(content, (size_t)cfg->max_file, &data,
		                       &len);
		if (rc == -EINVAL)
			return fail("upload_file: the content is not base64");
	} else {
		len = strlen(content);
		rc = len > (size_t)cfg->max_file ? -EFBIG : 0;
	}
	if (rc == -EFBIG)
		return fail("upload_file: the file is larger than the limit of "
		            "%lld bytes",
		            (long long)cfg->max_file);
	if (rc < 0)
		return NULL;
	if (leaf != rel) {
		leaf[-1] = '\0';
		dfd = open_dir(cfg->workspace_fd, rel[0] ? rel : ".", true);
		leaf[-1] = '/';
	} else {
		dfd = open_dir(cfg->workspace_fd, ".", false);
	}
	if (dfd < 0)
		rc = dfd;
	else
		rc = replace_file(dfd, leaf,
		                  data ? data : (const unsigned char *)content,
		                  len);
	if (dfd >= 0)
		close(dfd);
	free(data);
	if (rc < 0)
		return fail("upload_file '%.200s': %s", path,
		            rc == -EISDIR ? "a directory has that name"
		                          : why_not(rc));
	snprintf(done, sizeof(done), "wrote %zu bytes to %s", len, rel);
	return mcp_text_result(done, strlen(done), false);
}

/* ---- download ----------------------------------------------------------- */

static int read_all(int fd, unsigned char *buf, size_t max, size_t *len)
{
	*len = 0;
	while (*len < max) {
		ssize_t n = read(fd, buf + *len, max - *len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	return 0;
}

static const char *kind_of(mode_t m)
{
	return S_ISREG(m)    ? "file"
	       : S_ISDIR(m)  ? "directory"
	       : S_ISLNK(m)  ? "symlink"
	       : S_ISFIFO(m) ? "fifo"
	       : S_ISSOCK(m) ? "socket"
	                     : "device";
}

/* A regular file of at most |max| bytes, read from the descriptor that
 * was checked: the name is looked at without opening what it names (a
 * fifo would block, a device could act), then opened for reading and
 * checked to be the same file. */
static int read_file(int root, const char *rel, size_t max,
                     unsigned char **data, size_t *len, const char **why)
{
	struct stat a, b;
	int fd = open_beneath(root, rel, O_PATH), rfd, rc;

	*why = NULL;
	if (fd < 0)
		return fd;
	rc = fstat(fd, &a) < 0 ? -errno : 0;
	close(fd);
	if (rc < 0)
		return rc;
	if (!S_ISREG(a.st_mode)) {
		*why = kind_of(a.st_mode);
		return -EINVAL;
	}
	if ((uint64_t)a.st_size > max)
		return -EFBIG;
	if ((rfd = open_beneath(root, rel, O_RDONLY | O_NONBLOCK)) < 0)
		return rfd;
	if (fstat(rfd, &b) < 0 || b.st_dev != a.st_dev ||
	    b.st_ino != a.st_ino || !S_ISREG(b.st_mode)) {
		close(rfd);
		return -ESTALE;
	}
	/* One byte more than allowed tells a file that grew meanwhile. */
	if (!(*data = malloc(max + 1))) {
		close(rfd);
		return -ENOMEM;
	}
	rc = read_all(rfd, *data, max + 1, len);
	close(rfd);
	if (rc == 0 && *len > max)
		rc = -EFBIG;
	if (rc < 0) {
		free(*data);
		*data = NULL;
	}
	return rc;
}

/* file:///abs/path with every byte outside the unreserved set and '/'
 * percent-encoded. */
static char *file_uri(const char *ws, const char *rel)
{
	char *path = NULL, *uri, *o;

	if (asprintf(&path, "%s/%s", ws, rel) < 0)
		return NULL;
	if (!(uri = malloc(strlen(path) * 3 + 8))) {
		free(path);
		return NULL;
	}
	o = uri + sprintf(uri, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	}
	*o = '\0';
	free(path);
	return uri;
}

static cJSON *file_block(const struct mcp_config *cfg, const char *rel,
                         const unsigned char *data, size_t len,
                         const char **type)
{
	cJSON *b = cJSON_CreateObject(), *r;
	char *b64 = NULL, *uri = NULL;

	if (mcp_utf8_valid((const char *)data, len) &&
	    !mcp_image_type(data, len)) {
		*type = "text";
		cJSON_AddStringToObject(b, "type", "text");
		mcp_add_text(b, "text", (const char *)data, len);
		return b;
	}
	if (!(b64 = mcp_base64_encode(data, len))) {
		cJSON_Delete(b);
		return NULL;
	}
	if ((*type = mcp_image_type(data, len))) {
		cJSON_AddStringToObject(b, "type", "image");
		cJSON_AddStringToObject(b, "data", b64);
		cJSON_AddStringToObject(b, "mimeType", *type);
	} else {
		*type = "application/octet-stream";
		uri = file_uri(cfg->workspace, rel);
		cJSON_AddStringToObject(b, "type", "resource");
		r = cJSON_AddObjectToObject(b, "resource");
		mcp_add_text(r, "uri", uri ? uri : "file:///",
		             uri ? strlen(uri) : 8);
		cJSON_AddStringToObject(r, "mimeType", *type);
		cJSON_AddStringToObject(r, "blob", b64);
	}
	free(b64);
	free(uri);
	return b;
}

cJSON *mcp_files_download(struct mcp_server *srv, const cJSON *args)
{
	const struct mcp_config *cfg = &srv->cfg;
	const char *path =
	    cJSON_GetObjectItemCaseSensitive(args, "path")->valuestring;
	char rel[PATH_MAX], head[PATH_MAX + 128];
	const char *why, *type;
	unsigned char *data = NULL;
	size_t len = 0;
	cJSON *res, *block, *content;
	int rc;

	if ((rc = relative(cfg, path, rel, sizeof(rel))) < 0 ||
	    (rc = read_file(cfg->workspace_fd, rel, (size_t)cfg->max_file,
	                    &data, &len, &why)) < 0) {
		if (rc == -EINVAL && why)
			return fail("download_file '%.200s': a %s, not a "
			            "regular file",
			            path, why);
		if (rc == -EFBIG)
			return fail("download_file '%.200s': larger than the "
			            "limit of %lld bytes",
			            path, (long long)cfg->max_file);
		if (rc == -ESTALE)
			return fail("download_file '%.200s': the file changed "
			            "while it was opened",
			            path);
		return fail("download_file '%.200s': %s", path, why_not(rc));
	}
	if (!(block = file_block(cfg, rel, data, len, &type))) {
		free(data);
		return NULL;
	}
	free(data);
	snprintf(head, sizeof(head), "%s: %zu bytes, %s", rel, len, type);
	res = mcp_text_result(head, strlen(head), false);
	content = cJSON_GetObjectItemCaseSensitive(res, "content");
	cJSON_AddItemToArray(content, block);
	return res;
}

/* ---- list --------------------------------------------------------------- */

struct listing {
	cJSON *entries;
	size_t n;
	bool truncated;
	bool recursive;
};

static void list_dir(struct listing *l, int dfd, const char *prefix, int depth)
{
	DIR *d = fdopendir(dfd);
	struct dirent *e;

	if (!d) {
		close(dfd);
		return;
	}
	while ((e = readdir(d))) {
		struct stat st;
		char *path = NULL;
		cJSON *o;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (l->n == LIST_MAX_ENTRIES) {
			l->truncated = true;
			break;
		}
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (asprintf(&path, "%s%s%s", prefix, prefix[0] ? "/" : "",
		             e->d_name) < 0)
			continue;
		o = cJSON_CreateObject();
		mcp_add_text(o, "path", path, strlen(path));
		cJSON_AddStringToObject(o, "type", kind_of(st.st_mode));
		cJSON_AddNumberToObject(o, "size", (double)st.st_size);
		cJSON_AddItemToArray(l->entries, o);
		l->n++;
		if (l->recursive && S_ISDIR(st.st_mode) &&
		    depth < LIST_MAX_DEPTH) {
			int sub = open_beneath(dirfd(d), e->d_name,
			                       O_RDONLY | O_DIRECTORY);

			if (sub >= 0)
				list_dir(l, sub, path, depth + 1);
		}
		free(path);
	}
	closedir(d);
}

static int by_path(const void *a, const void *b)
{
	const cJSON *x = *(cJSON *const *)a, *y = *(cJSON *const *)b;

	return strcmp(cJSON_GetObjectItemCaseSensitive(x, "path")->valuestring,
	              cJSON_GetObjectItemCaseSensitive(y, "path")->valuestring);
}

/* The entries sorted by path, and their text: "file  a/b.csv  12 bytes". */
static char *sort_and_render(struct listing *l)
{
	cJSON **v = calloc(l->n ? l->n : 1, sizeof(*v));
	char *text = NULL;
	size_t len = 0, i = 0;
	FILE *f;

	if (!v)
		return NULL;
	while (cJSON_GetArraySize(l->entries) > 0)
		v[i++] = cJSON_DetachItemFromArray(l->entries, 0);
	qsort(v, i, sizeof(*v), by_path);
	if (!(f = open_memstream(&text, &len))) {
		for (size_t k = 0; k < i; k++)
			cJSON_Delete(v[k]);
		free(v);
		return NULL;
	}
	for (size_t k = 0; k < i; k++) {
		const char *type =
		    cJSON_GetObjectItemCaseSensitive(v[k], "type")->valuestring;

		fprintf(f, "%-9s %s", type,
		        cJSON_GetObjectItemCaseSensitive(v[k], "path")
		            ->valuestring);
		if (strcmp(type, "file") == 0)
			fprintf(f, "  %.0f bytes",
			        cJSON_GetObjectItemCaseSensitive(v[k], "size")
			            ->valuedouble);
		fputc('\n', f);
		cJSON_AddItemToArray(l->entries, v[k]);
	}
	if (i == 0)
		fprintf(f, "(empty)\n");
	if (l->truncated)
		fprintf(f, "[only the first %d entries]\n", LIST_MAX_ENTRIES);
	fclose(f);
	free(v);
	return text;
}

cJSON *mcp_files_list(struct mcp_server *srv, const cJSON *args)
{
	const struct mcp_config *cfg = &srv->cfg;
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(args, "path");
	const char *path = cJSON_IsString(p) ? p->valuestring : ".";
	struct listing l = {0};
	char rel[PATH_MAX], *text;
	cJSON *res, *sc;
	int rc, dfd;

	l.recursive =
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(args, "recursive"));
	if ((rc = relative(cfg, path, rel, sizeof(rel))) < 0 ||
	    (rc = dfd = open_beneath(cfg->workspace_fd, rel,
	                             O_RDONLY | O_DIRECTORY)) < 0)
		return fail("list_files '%.200s': %s", path, why_not(rc));
	if (!(l.entries = cJSON_CreateArray())) {
		close(dfd);
		return NULL;
	}
	list_dir(&l, dfd, strcmp(rel, ".") == 0 ? "" : rel, 0);
	if (!(text = sort_and_render(&l))) {
		cJSON_Delete(l.entries);
		return NULL;
	}
	res = mcp_text_result(text, strlen(text), false);
	free(text);
	sc = cJSON_AddObjectToObject(res, "structuredContent");
	mcp_add_text(sc, "path", rel, strlen(rel));
	cJSON_AddItemToObject(sc, "entries", l.entries);
	cJSON_AddBoolToObject(sc, "truncated", l.truncated);
	return res;
}
