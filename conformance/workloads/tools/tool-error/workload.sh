if err=$(wl_fail reason='no such record' 2>&1 >/dev/null); then echo "@@ no error"; else echo "@@ caught status $?"; fi
case "$err" in *"refused: no such record"*) echo "@@ message seen" ;; *) echo "@@ message lost" ;; esac
echo "@@ after the error $(wl_stats values='[1, 2]' label=again)"
echo "@@ done"
