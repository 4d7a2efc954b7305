/*
 * nouserns - runs a command where new namespaces cannot be made, the way
 * Docker's default seccomp profile denies them to a container without
 * CAP_SYS_ADMIN (and as Ubuntu's AppArmor restriction does for user
 * namespaces):
 *
 *   unshare, setns                         EPERM
 *   clone with any CLONE_NEW* flag         EPERM (CLONE_NEWUSER among them)
 *   clone3                                 ENOSYS (its flags are behind a
 *                                          pointer; glibc falls back to clone)
 *
 *   nouserns CMD [ARG]...
 *
 * The filter holds for CMD and everything it starts, securer and bwrap
 * included: what the tests and ci/userns-denied.sh run under it sees a
 * machine where bwrap cannot work.  Exit 125 when the filter cannot be
 * installed, else CMD's exec status (127 not found, 126 otherwise).
 */
#include <errno.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int deny(void)
{
	static const unsigned long ns_flags[] = {
	    CLONE_NEWNS,   CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC,
	    CLONE_NEWUSER, CLONE_NEWPID,    CLONE_NEWNET,
	};
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc;

	if (!ctx)
		return -ENOMEM;
	rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
		                      SCMP_SYS(setns), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS),
		                      SCMP_SYS(clone3), 0);
	for (size_t i = 0;
	     rc == 0 && i < sizeof(ns_flags) / sizeof(ns_flags[0]); i++)
		rc = seccomp_rule_add(
		    ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
		    SCMP_A0(SCMP_CMP_MASKED_EQ, ns_flags[i], ns_flags[i]));
	/* Docker sets no_new_privs only when asked: without it when we may
	 * (CAP_SYS_ADMIN), else the kernel wants it for the filter. */
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (rc == 0 && seccomp_load(ctx) < 0 &&
	    (rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1)) == 0)
		rc = seccomp_load(
		    ctx); /* libseccomp says ECANCELED, not EACCES */
	seccomp_release(ctx);
	return rc;
}

int main(int argc, char **argv)
{
	int rc;

	if (argc < 2) {
		fprintf(stderr, "usage: nouserns CMD [ARG]...\n");
		return 125;
	}
	if ((rc = deny()) < 0) {
		fprintf(stderr, "nouserns: cannot install the filter: %s\n",
		        strerror(-rc));
		return 125;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "nouserns: %s: %s\n", argv[1], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
