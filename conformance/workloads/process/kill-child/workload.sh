sleep 60 &
pid=$!
kill -TERM "$pid"
wait "$pid"
echo "@@ status $?"
echo "@@ done"
