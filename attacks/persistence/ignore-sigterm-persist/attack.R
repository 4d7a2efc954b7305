# ignore-sigterm-persist: a detached (setsid), signal-deaf background job
# started the way R code does it, system(... &); it gives up after 30 s.
system("setsid sh -c 'trap \"\" TERM HUP INT; for i in $(seq 30); do sleep 1; done' </dev/null >/dev/null 2>&1 &")
cat("daemon started\n")
