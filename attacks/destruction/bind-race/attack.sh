#!/bin/sh
# bind-race: run 1 turns output/report.txt into a symlink to a host path;
# run 2 writes its report as usual, through the link.
. "${TARGETS:-$1}"
if [ "$T_STAGE" = 1 ]; then
	rm -rf "$T_WORK/output"
	mkdir "$T_WORK/output"
	ln -s "$T_MARKER" "$T_WORK/output/report.txt"
else
	echo 'revenue: 15010' > "$T_WORK/output/report.txt"
fi
ls -l "$T_WORK/output"
