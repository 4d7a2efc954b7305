#!/bin/sh
# lang-hooks-python: run 1 drops a .pth into the user site; run 2 starts
# python3 as any later job would.
. "${TARGETS:-$1}"
if [ "$T_STAGE" = 1 ]; then
	site=$(python3 -c 'import site; print(site.getusersitepackages())')
	mkdir -p "$site"
	echo "import os; open('$T_MARKER', 'w').close()" > "$site/zz-update.pth"
	ls -l "$site"
else
	python3 -c 'print("analysis done")'
fi
