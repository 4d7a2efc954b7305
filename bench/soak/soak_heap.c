/*
 * soak_heap.c - the bytes this process holds from malloc, exactly.
 *
 * RSS is what the soak reports, but RSS also moves with the allocator:
 * glibc gives each thread arena its own heap, keeps freed chunks in
 * per-thread caches, and a heap fragmented by chunks of many sizes and
 * lifetimes grows for minutes with no byte leaked (docs/bench.md shows it
 * in a run).  A leak is memory still allocated, so the soak also counts
 * that: this file replaces malloc and its family for the soak program (the
 * library is linked in statically, so its allocations, libseccomp's and
 * cJSON's come here too) with glibc's own functions plus a counter of
 * usable bytes allocated and not freed.  glibc documents the replacement
 * ("Replacing malloc" in its manual) and exports the __libc_ entry points
 * it is made of.
 *
 * Under a sanitizer, which brings its own allocator, nothing is replaced
 * and the gauge reads -1 (not judged).
 */
#include <errno.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "soak_heap.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SOAK_NO_HEAP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||     \
    __has_feature(memory_sanitizer)
#define SOAK_NO_HEAP 1
#endif
#endif

#if !defined(SOAK_NO_HEAP) && defined(__GLIBC__)

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);
void *__libc_memalign(size_t align, size_t size);
void __libc_free(void *p);

static atomic_llong live;

static void *counted(void *p)
{
	if (p)
		atomic_fetch_add_explicit(&live,
		                          (long long)malloc_usable_size(p),
		                          memory_order_relaxed);
	return p;
}

static void uncount(void *p)
{
	if (p)
		atomic_fetch_sub_explicit(&live,
		                          (long long)malloc_usable_size(p),
		                          memory_order_relaxed);
}

void *malloc(size_t size)
{
	return counted(__libc_malloc(size));
}

void *calloc(size_t n, size_t size)
{
	return counted(__libc_calloc(n, size));
}

void *realloc(void *p, size_t size)
{
	void *q;

	if (!p)
		return malloc(size);
	if (size == 0) {
		free(p);
		return NULL;
	}
	uncount(p);
	q = __libc_realloc(p, size);
	if (!q) {
		counted(p); /* still allocated */
		return NULL;
	}
	return counted(q);
}

void *reallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, n * size);
}

void free(void *p)
{
	uncount(p);
	__libc_free(p);
}

void *memalign(size_t align, size_t size)
{
	return counted(__libc_memalign(align, size));
}

void *aligned_alloc(size_t align, size_t size)
{
	return memalign(align, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
	void *p;

	if (align < sizeof(void *) || (align & (align - 1)) != 0)
		return EINVAL;
	p = memalign(align, size);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void *valloc(size_t size)
{
	return memalign((size_t)sysconf(_SC_PAGESIZE), size);
}

void *pvalloc(size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	return memalign(page, (size + page - 1) / page * page);
}

long soak_heap_kb(void)
{
	return (long)(atomic_load_explicit(&live, memory_order_relaxed) / 1024);
}

#else

long soak_heap_kb(void)
{
	return -1;
}

#endif
