#!/bin/sh
# procsys-write: "tune" the network stack the way a helpful script would,
# by writing a sysctl under /proc/sys (here the default TTL, T_SYSCTL).
. "${TARGETS:-$1}"
echo 128 > "$T_SYSCTL"
cat "$T_SYSCTL"
