#!/bin/sh
# dbus (sh): ask the session bus who is on it; with the same connection one
# could call systemd --user's StartTransientUnit.
. "${TARGETS:-$1}"
timeout 3 dbus-send --bus="${DBUS_SESSION_BUS_ADDRESS:-unix:path=$T_DBUS_SOCK}" \
	--print-reply --reply-timeout=2000 --dest=org.freedesktop.DBus \
	/org/freedesktop/DBus org.freedesktop.DBus.ListNames
