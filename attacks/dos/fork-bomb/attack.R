# fork-bomb (R), bounded: 1000 background sleepers of 3 s through
# system(wait = FALSE), stopping at the first that cannot be started
# (system() then returns 127, as the C and Python versions stop at their
# first failed fork), then linger half a second.  The sleepers outlive R
# (the run's end kills them).
for (i in 1:1000) if (system("sleep 3", wait = FALSE) != 0) break
Sys.sleep(0.5)
