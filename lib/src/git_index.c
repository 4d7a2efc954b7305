/*
 * git_index.c - the gitlinks of a git index: where a repository's
 * submodules are checked out (files.protect_git, git_protect.c).
 *
 * The index (Documentation/gitformat-index.txt) is a header ("DIRC",
 * version 2, 3 or 4, entry count) and sorted entries, each: 40 bytes of
 * stat data (the mode at offset 24), the object hash (20 bytes for SHA-1,
 * 32 for SHA-256: tried in that order, the first that reads the whole
 * file consistently wins), 16 bits of flags (the low 12 the path length),
 * 16 more in version 3+ when the extended bit is set, then the path:
 * NUL-terminated and padded to 8 bytes in versions 2 and 3, prefix
 * compressed in version 4; then extensions, each a name and a size, up to
 * the trailing hash.  A gitlink is mode 0160000.  Only the index of
 * the user's repository is read, from inside its read-only `.git`; it is
 * still parsed as untrusted bytes: every offset is checked.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* a repository of millions of files */
#define INDEX_MAX      (1024u * 1024 * 1024)
#define GITLINK_MODE   0160000u
#define PATH_MAX_INDEX 4096

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* git's "offset" varint (version 4 path compression): -1 past |end|. */
static int64_t varint(const unsigned char **pp, const unsigned char *end)
{
	const unsigned char *p = *pp;
	uint64_t v;

	if (p >= end)
		return -1;
	v = *p & 127;
	while (*p++ & 128) {
		if (p >= end || v > (UINT64_C(1) << 50))
			return -1;
		v = ((v + 1) << 7) | (*p & 127);
	}
	*pp = p;
	return (int64_t)v;
}

struct walk {
	const unsigned char *buf;
	size_t size;
	unsigned version;
	uint32_t count;
	size_t hash;
	securer__gitlink_fn fn;
	void *ctx;
};

/* One pass over the entries; with |fn| NULL only checks they read. */
static int entries(const struct walk *w, securer__gitlink_fn fn)
{
	const unsigned char *p = w->buf + 12, *end = w->buf + w->size - w->hash;
	char path[PATH_MAX_INDEX];
	size_t prev = 0;

	for (uint32_t i = 0; i < w->count; i++) {
		const unsigned char *name;
		uint32_t mode;
		unsigned flags;
		size_t len;

		if ((size_t)(end - p) < 40 + w->hash + 2)
			return -EINVAL;
		mode = be32(p + 24);
		flags = (unsigned)p[40 + w->hash] << 8 | p[41 + w->hash];
		name = p + 42 + w->hash;
		if (flags & 0x4000) { /* extended flags */
			if (w->version < 3)
				return -EINVAL;
			name += 2;
		}
		if (w->version == 4) {
			int64_t strip = varint(&name, end);
			const unsigned char *nul;

			if (strip < 0 || (size_t)strip > prev ||
			    !(nul = memchr(name, 0, (size_t)(end - name))))
				return -EINVAL;
			len = (size_t)(nul - name);
			prev -= (size_t)strip;
			if (prev + len >= sizeof(path))
				return -EINVAL;
			memcpy(path + prev, name, len);
			prev += len;
			path[prev] = '\0';
			p = nul + 1;
		} else {
			const unsigned char *nul =
			    name < end ? memchr(name, 0, (size_t)(end - name))
			               : NULL;
			size_t entry;

			if (!nul)
				return -EINVAL;
			len = (size_t)(nul - name);
			if ((flags & 0xfff) != (len < 0xfff ? len : 0xfff) ||
			    len >= sizeof(path))
				return -EINVAL;
			entry = ((size_t)(name - p) + len + 8) & ~(size_t)7;
			if (entry > (size_t)(end - p))
				return -EINVAL;
			for (const unsigned char *z = nul; z < p + entry; z++)
				if (*z)
					return -EINVAL;
			memcpy(path, name, len);
			path[len] = '\0';
			prev = len;
			p += entry;
		}
		if (fn && (mode & 0170000) == GITLINK_MODE) {
			int rc = fn(w->ctx, path);

			if (rc < 0)
				return rc;
		}
	}
	/* the extensions (4-byte name, 4-byte size, data) end exactly at
	 * the trailing hash: a file cut short does not read */
	while (p < end) {
		uint32_t n;

		if ((size_t)(end - p) < 8)
			return -EINVAL;
		n = be32(p + 4);
		if (n > (size_t)(end - p) - 8)
			return -EINVAL;
		p += 8 + n;
	}
	return 0;
}

int securer__git_gitlinks(int fd, securer__gitlink_fn fn, void *ctx)
{
	static const size_t hashes[] = {20, 32};
	struct walk w = {.fn = fn, .ctx = ctx};
	struct stat st;
	void *map;
	int rc = -EINVAL;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) || st.st_size < 12 + 20 ||
	    (uint64_t)st.st_size > INDEX_MAX)
		return -EINVAL;
	w.size = (size_t)st.st_size;
	map = mmap(NULL, w.size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return -errno;
	w.buf = map;
	w.version = be32(w.buf + 4);
	w.count = be32(w.buf + 8);
	if (memcmp(w.buf, "DIRC", 4) == 0 && w.version >= 2 && w.version <= 4)
		for (size_t h = 0; h < 2; h++) {
			w.hash = hashes[h];
			if (w.size >= 12 + w.hash && entries(&w, NULL) == 0) {
				rc = entries(&w, fn);
				break;
			}
		}
	munmap(map, w.size);
	return rc;
}
