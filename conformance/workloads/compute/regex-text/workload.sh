# grep, sed and sort over generated lines
i=0
while [ $i -lt 300 ]; do
	case $((i % 3)) in 0) l=INFO ;; 1) l=WARN ;; *) l=ERROR ;; esac
	echo "2024-01-01 12:00:00 $l user=$((i % 17)) took=$((i * 13 % 900))ms"
	i=$((i + 1))
done > "${TMPDIR:-/tmp}/wl-regex.$$"
echo "@@ levels $(sed -E 's/^[^ ]+ [^ ]+ ([A-Z]+) .*/\1/' "${TMPDIR:-/tmp}/wl-regex.$$" | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
echo "@@ slow $(grep -cE 'took=(5[0-9][1-9]|5[1-9][0-9]|[6-9][0-9][0-9])ms' "${TMPDIR:-/tmp}/wl-regex.$$")"
rm -f "${TMPDIR:-/tmp}/wl-regex.$$"
echo "@@ done"
