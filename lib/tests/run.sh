#!/bin/sh
# Runs each test program in its own process with a time limit and prints a
# summary.  Exit 1 when any test program fails.  SECURER_MUST_WORK=1 turns
# skips into failures (the tests themselves implement it).
set -u
TIMEOUT=${SECURER_TEST_TIMEOUT:-300}
failed=""
total=0
for t in "$@"; do
	total=$((total + 1))
	name=$(basename "$t")
	start=$(date +%s)
	echo "=== $name"
	timeout --kill-after=10 "$TIMEOUT" "$t"
	rc=$?
	end=$(date +%s)
	if [ $rc -eq 0 ]; then
		echo "=== $name: ok ($((end - start)) s)"
	else
		[ $rc -eq 124 ] && echo "=== $name: TIMED OUT after $TIMEOUT s"
		echo "=== $name: FAILED (exit $rc)"
		failed="$failed $name"
	fi
done
echo
if [ -n "$failed" ]; then
	echo "FAILED:$failed"
	exit 1
fi
echo "all $total test programs passed${SECURER_MUST_WORK:+ (SECURER_MUST_WORK=$SECURER_MUST_WORK: a missing capability fails; N/A tests do not apply to this user)}"
