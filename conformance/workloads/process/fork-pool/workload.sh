pids=""
i=0
while [ $i -lt 8 ]; do (sleep 0.1; exit $i) & pids="$pids $!"; i=$((i + 1)); done
n=0
for p in $pids; do wait "$p"; n=$((n + $?)); done
echo "@@ background jobs 8 sum of statuses $n"
echo "@@ done"
