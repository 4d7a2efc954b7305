d=$(mktemp -d)
mkfifo "$d/p"
(printf 'one\ntwo\nthree\n' > "$d/p") &
echo "@@ read $(wc -l < "$d/p" | tr -d ' ') lines"
wait
rm -r "$d"
echo "@@ done"
