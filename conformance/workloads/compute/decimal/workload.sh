echo "@@ awk $(awk 'BEGIN { s = 0; for (i = 0; i < 1000; i++) s += 0.10; printf "%.2f", s }')"
echo "@@ printf $(printf '%.3f' 2.5)"
echo "@@ done"
