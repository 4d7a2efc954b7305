T_SRC=${T_SRC:-$1}
echo "@@ rows $(tail -n +2 "$T_SRC/data.csv" | wc -l | tr -d ' ')"
tail -n +2 "$T_SRC/data.csv" | awk -F, '{u[$1] += $3} END {for (r in u) print "@@ units " r " " u[r]}' | sort
echo "@@ done"
