/*
 * bwrap.h - what backend_bwrap.c (the options, the launch) and
 * bwrap_root.c (the sandbox's root: system files, identity, binds,
 * securer-init) share.
 */
#ifndef SECURER_BWRAP_H
#define SECURER_BWRAP_H

#include <stddef.h>

#include "internal.h"

/* Child fd numbers of the pipes and memfds handed to bwrap. */
enum {
	FD_STATUS = SECURER__FD_BASE,
	FD_STDERR,
	FD_ARGS,
	FD_SECCOMP,
	FD_INIT,
	FD_INFO,
	FD_PASSWD,
	FD_GROUP,
	FD_HOSTS,
	FD_BINDS, /* the first of the bind mounts' descriptors */
};

#define INIT_PATH "/.securer-init"

/* The root's options, from the system files to securer-init, appended to
 * |a|; the descriptors bwrap reads are mapped on r->launch. */
SECURER__HIDDEN int securer__bwrap_root(struct securer__run *r,
                                        struct securer__strv *a);
/* A memfd holding |data|, mapped into bwrap at |to| (closed by sandbox.c
 * after the fork). */
SECURER__HIDDEN int securer__bwrap_data_fd(struct securer__run *r,
                                           const char *name, const void *data,
                                           size_t len, int to);

#endif
