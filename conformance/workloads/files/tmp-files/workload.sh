d=$(mktemp -d)
i=0
while [ $i -lt 100 ]; do printf 'line %d\n' $i > "$d/f$i.txt"; i=$((i + 1)); done
echo "@@ files $(ls "$d" | wc -l | tr -d ' ') bytes $(cat "$d"/*.txt | wc -c | tr -d ' ')"
rm -r "$d"
echo "@@ removed $([ -e "$d" ] && echo no || echo yes)"
echo "@@ done"
