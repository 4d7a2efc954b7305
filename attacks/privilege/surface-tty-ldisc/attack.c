/* surface-tty-ldisc: can the code switch the line discipline of the
 * terminal it was handed?  TIOCSETD loads kernel line-discipline code
 * (n_hdlc: CVE-2017-2636, n_gsm: CVE-2023-6546).  A discipline number that
 * does not exist can only fail: EINVAL means the kernel looked. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "targets.h"

#define NO_SUCH_LDISC 1000

int main(int argc, char **argv)
{
	int ldisc = NO_SUCH_LDISC;

	targets_load(argc, argv);
	if (ioctl(0, TIOCSETD, &ldisc) == 0)
		printf("TIOCSETD (returned 0) %s\n", target("T_PROBE"));
	else if (errno != EPERM && errno != EACCES && errno != ENOSYS &&
	         errno != ENOTTY)
		printf("TIOCSETD (%s) %s\n", strerrorname_np(errno),
		       target("T_PROBE"));
	else
		printf("TIOCSETD: stopped (%s)\n", strerrorname_np(errno));
	return 0;
}
