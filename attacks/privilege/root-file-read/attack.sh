#!/bin/sh
# root-file-read: read a file only root may read (mode 0400, owned by the
# runner), the way code running as root on the host simply can.
. "${TARGETS:-$1}"
cat "$T_ROOTFILE"
