/*
 * landlock.h - Landlock for the landlock backend: the kernel's ABI, what
 * each ABI offers, and the ruleset a policy yields.  Private to the library.
 *
 * A Landlock ruleset lists the rights a process keeps on file hierarchies
 * and TCP ports; every right the ruleset "handles" and no rule grants is
 * denied.  Rules only ever add rights: a hierarchy cannot be made read-only
 * inside a writable one.  The ruleset is built here, in the host process,
 * and handed to securer-init as a file descriptor; securer-init enforces it
 * on the command (landlock_restrict_self) after fork, before exec.
 */
#ifndef SECURER_LANDLOCK_H
#define SECURER_LANDLOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "internal.h"

/* Below SECURER_LANDLOCK_MIN_ABI (securer.h) the backend refuses every
 * policy: the features marked required below say why. */

/* One thing Landlock may mediate, and the first ABI that does. */
struct securer__landlock_feature {
	const char *name;
	int abi;
	const char *linux_version; /* the first kernel release with it */
	bool required;             /* the backend refuses to run without it */
	const char *why;           /* what it stops, or what covers for it */
};

/* The kernel's Landlock ABI (>= 1), or a negative errno with |why| saying
 * why there is none (-ENOSYS: not built in; -EOPNOTSUPP: disabled at
 * boot). */
SECURER__HIDDEN int securer__landlock_abi(char *why, size_t why_size);

/* The feature table, in ABI order. */
SECURER__HIDDEN const struct securer__landlock_feature *
securer__landlock_features(size_t *n);

/* 0 when the landlock backend can honour |p| on a kernel of ABI |abi|;
 * otherwise -EPERM (the ABI lacks a feature the backend needs) or -EINVAL
 * (a policy key it cannot express: a bind at another path, a read-only
 * path inside a writable one, the loopback network), with the reason,
 * naming the key, in |err| (SECURER__ERR_SIZE). */
SECURER__HIDDEN int securer__landlock_check(const securer_policy *p, int abi,
                                            char *err);

/* A ruleset for |p| on ABI |abi| (checked first), granting read and
 * execute on the system set and read-only binds, read and write on the
 * writable binds (without their .git when files.protect_git) and on
 * |private_dir|, and a few devices; handling every filesystem right the
 * ABI knows, TCP unless the network is "host", and the abstract-socket
 * and signal scopes.  Returns the ruleset's fd (close-on-exec), or a
 * negative errno with the reason in |err|. */
SECURER__HIDDEN int securer__landlock_ruleset(const securer_policy *p, int abi,
                                              const char *private_dir,
                                              char *err);

#endif
