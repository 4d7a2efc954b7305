# execute-carryover (sh): execute 1 leaves a writer behind (bounded at
# 30 s); execute 2 is the next request, printing its own answer.
. "$TARGETS"
if [ "$T_STAGE" = 1 ]; then
	(i=0; while [ $i -lt 3000 ]; do echo "carry-$T_NONCE"; i=$((i + 1)); sleep 0.01; done) &
	echo "started"
else
	sleep 0.2
	echo "the second request's answer: 42"
fi
