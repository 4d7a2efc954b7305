i=0
line=$(printf '%099d' 0)
while [ $i -lt 9000 ]; do echo "$line"; i=$((i + 1)); done
echo "@@ wrote 900000 bytes"
echo "@@ done"
