#!/bin/sh
# hardlink: link the production database into the workspace and edit the
# "copy", which is the same inode.
. "${TARGETS:-$1}"
rm -f "$T_WORK/customers.db"
ln "$T_PROD/customers.db" "$T_WORK/customers.db" &&
	echo 'DROP TABLE customers;' >> "$T_WORK/customers.db"
ls -li "$T_WORK"
