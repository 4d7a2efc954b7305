/*
 * seccomp_cache.c - compiled filters, kept for the next sandbox.
 *
 * libseccomp takes about 0.25 ms to build the program, a quarter of a
 * plain fork and exec, and every sandbox of a process with the same
 * policy gets the same bytes: the program depends only on the network
 * mode, syscalls.deny and whether the backend has namespaces.  A few
 * programs are kept per process under a mutex; callers get their own copy.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define SLOTS 4

struct slot {
	char *key; /* NULL: empty */
	void *bpf;
	size_t len;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[SLOTS];
static unsigned next_victim;

/* What the program depends on, as one string. */
static char *key_of(const securer_policy *p, bool no_namespaces)
{
	struct securer__strv sv;
	char *key = NULL;
	size_t n = 0;

	securer__strv_init(&sv);
	securer__strv_pushf(&sv, "%d/%d", (int)p->net, no_namespaces ? 1 : 0);
	for (size_t i = 0; i < p->n_deny; i++)
		securer__strv_push(&sv, p->deny[i]);
	for (size_t i = 0; !sv.oom && i < sv.n; i++)
		n += strlen(sv.v[i]) + 1;
	if (!sv.oom && (key = malloc(n + 1))) {
		key[0] = '\0';
		for (size_t i = 0; i < sv.n; i++) {
			strcat(key, sv.v[i]);
			strcat(key, "\n");
		}
	}
	securer__strv_release(&sv);
	return key;
}

static void *dup_bytes(const void *src, size_t len)
{
	void *d = malloc(len);

	if (d)
		memcpy(d, src, len);
	return d;
}

/* A copy of the program kept under |key|: 1, 0 when none is kept,
 * -ENOMEM. */
static int lookup(const char *key, void **bpf, size_t *len)
{
	int rc = 0;

	pthread_mutex_lock(&lock);
	for (int i = 0; i < SLOTS && rc == 0; i++)
		if (slots[i].key && strcmp(slots[i].key, key) == 0) {
			*bpf = dup_bytes(slots[i].bpf, slots[i].len);
			*len = slots[i].len;
			rc = *bpf ? 1 : -ENOMEM;
		}
	pthread_mutex_unlock(&lock);
	return rc;
}

int securer__seccomp_cached(const securer_policy *p, bool no_namespaces,
                            void **bpf, size_t *len)
{
	char *key = key_of(p, no_namespaces);
	int rc = key ? lookup(key, bpf, len) : -ENOMEM;

	free(key);
	return rc;
}

int securer__seccomp_filter(const securer_policy *p, bool no_namespaces,
                            void **bpf, size_t *len, char *err)
{
	char *key = key_of(p, no_namespaces);
	int rc;

	if (!key)
		return securer__fail(err, -ENOMEM, "out of memory");
	if ((rc = lookup(key, bpf, len)) != 0) {
		free(key);
		return rc > 0 ? 0 : securer__fail(err, rc, "out of memory");
	}
	/* Compiled outside the lock: two threads may both compile it once. */
	rc = securer__seccomp_compile_for(p, no_namespaces, bpf, len, err);
	if (rc == 0) {
		void *copy = dup_bytes(*bpf, *len);
		struct slot *s;

		pthread_mutex_lock(&lock);
		s = &slots[next_victim++ % SLOTS];
		free(s->key);
		free(s->bpf);
		s->key = copy ? key : NULL;
		s->bpf = copy;
		s->len = *len;
		pthread_mutex_unlock(&lock);
		if (copy)
			key = NULL;
	}
	free(key);
	return rc;
}
