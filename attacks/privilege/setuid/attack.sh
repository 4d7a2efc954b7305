#!/bin/sh
# setuid: become root through a setuid-root program: sudo -n when it is
# there, else su; the root shell lives 0.3 s so the runner sees it.
if command -v sudo >/dev/null; then
	sudo -n sh -c 'id; sleep 0.3'
else
	su root -c 'id; sleep 0.3' < /dev/null
fi
