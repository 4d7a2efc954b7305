#!/bin/sh
# shm-file: what lives in /dev/shm, and the host's named segment's content.
. "${TARGETS:-$1}"
ls -la /dev/shm
head -c 4096 "$T_SHM_FILE"
