/*
 * probe.h - how a surface probe reports whether a kernel interface was
 * reachable: "<what> (<errno>) <T_PROBE>" when the kernel itself answered
 * (any result but the EPERM, EACCES or ENOSYS a filter, or a missing
 * feature, gives), "<what>: stopped (<errno>)" otherwise.  The reach oracle
 * looks for T_PROBE.  Header-only so each attack stays one file.
 */
#ifndef SECURER_ATTACK_PROBE_H
#define SECURER_ATTACK_PROBE_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "targets.h"

/* |rc| is the call's result, errno still its error. */
static void probe_report(const char *what, long rc)
{
	int e = errno;

	if (rc >= 0)
		printf("%s (returned %ld) %s\n", what, rc, target("T_PROBE"));
	else if (e != EPERM && e != EACCES && e != ENOSYS)
		printf("%s (%s) %s\n", what, strerrorname_np(e),
		       target("T_PROBE"));
	else
		printf("%s: stopped (%s)\n", what, strerrorname_np(e));
	fflush(stdout);
}

#endif
