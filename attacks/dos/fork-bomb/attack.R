# fork-bomb (R), bounded: 1000 background sleepers of 30 s through
# system(wait = FALSE), stopping at the first that cannot be started
# (system() then returns 127, as the C and Python versions stop at their
# first failed fork), then linger half a second.  The sleepers outlive R
# (the run's end kills them).  30 s as in the other versions: with 3 s, a
# control slowed by a busy machine saw its first sleepers end before its
# 512th started, and never reached the oracle's count.
for (i in 1:1000) if (system("sleep 30", wait = FALSE) != 0) break
Sys.sleep(0.5)
