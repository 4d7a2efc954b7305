#!/bin/sh
# securer where user namespaces are denied: Docker's default seccomp
# profile in a container without CAP_SYS_ADMIN, or Ubuntu's AppArmor
# restriction.  Everything below runs under build/tests/nouserns, which
# denies new namespaces the way Docker does (lib/tests/nouserns.c):
#   1. the helper really denies them (unshare -U fails under it);
#   2. test_landlock_userns: `securer exec -- CMD` runs CMD under landlock
#      (auto) and keeps the seed canaries; `--backend bwrap` exits 125 and
#      CMD never runs; `securer doctor --json` shows landlock working;
#   3. the seed attacks, in every language and mode, blocked by effect
#      under landlock (the conformance runner's own controls included).
# Needs a kernel with Landlock ABI >= 6 (securer doctor says); with
# SECURER_MUST_WORK=1 (the default here) anything skipped fails.
set -eu
cd "$(dirname "$0")/.."
export SECURER_MUST_WORK="${SECURER_MUST_WORK:-1}"
BUILD=${BUILD:-build}
make -j"$(nproc)" BUILD="$BUILD" "$BUILD/bin/securer" \
    "$BUILD/tests/nouserns" "$BUILD/tests/test_landlock_userns" attacks
NOUSERNS="$BUILD/tests/nouserns"

if "$NOUSERNS" unshare --user true 2>/dev/null; then
	echo "ci/userns-denied.sh: unshare --user worked under nouserns:" \
	     "the helper denies nothing" >&2
	exit 1
fi
echo "ci/userns-denied.sh: unshare --user is denied under nouserns"

SECURER_BUILD="$(pwd)/$BUILD" "$BUILD/tests/test_landlock_userns"

seeds=ssh-key-grab,env-dump,curl-exfil,curl-pipe-bash,rm-prod,fork-bomb,memory-bomb,sleep-forever
"$NOUSERNS" "$BUILD/bin/securer" conform --attacks-dir attacks \
    --build-dir "$BUILD" --report-dir "$BUILD/report-userns-denied" \
    --backend landlock --attacks "$seeds"
