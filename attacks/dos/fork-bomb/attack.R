# fork-bomb (R), bounded: 1000 background sleepers of 3 s through
# system(wait = FALSE), then linger half a second; once forks fail the loop
# just runs out.  The sleepers outlive R (the run's end kills them).
for (i in 1:1000) system("sleep 3", wait = FALSE)
Sys.sleep(0.5)
