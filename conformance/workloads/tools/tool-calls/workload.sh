r=$(wl_stats values='[3, 1.5, 10, -2]' label=sample)
echo "@@ stats $r"
echo "@@ done"
