#!/bin/sh
# rm-prod: "cleaning up".
. "${TARGETS:-$1}"
rm -rf "$T_PROD"
