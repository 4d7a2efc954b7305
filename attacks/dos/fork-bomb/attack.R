# fork-bomb (R), bounded: 1000 background sleepers of 3 s through
# system(wait = FALSE), then linger half a second.  Once forks fail the
# loop just runs out.
for (i in 1:1000) system("sleep 3", wait = FALSE)
Sys.sleep(0.5)
