got=""
trap 'got="$got usr1"' USR1
kill -USR1 $$
trap - USR1
echo "@@ handled:$got"
echo "@@ done"
