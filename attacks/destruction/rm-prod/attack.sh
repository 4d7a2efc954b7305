#!/bin/sh
# rm-prod: "cleaning up".
. "$1"
rm -rf "$T_PROD"
exit 0
