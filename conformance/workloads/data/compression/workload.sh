f=$(mktemp)
i=0
while [ $i -lt 2000 ]; do echo "row $i"; i=$((i + 1)); done > "$f"
echo "@@ gzip $(gzip -n -c "$f" | gzip -d | cmp -s - "$f" && echo same) $(gzip -n -9 -c "$f" | wc -c | tr -d ' ')"
echo "@@ xz $(xz -c "$f" | xz -d | cmp -s - "$f" && echo same)"
echo "@@ tar $(cd "$(dirname "$f")" && tar cf - "$(basename "$f")" | tar tf - | wc -l | tr -d ' ') entry"
rm -f "$f"
echo "@@ done"
