# cpu-spin (R): a runaway busy loop, bounded at 30 s of wall time.
end <- Sys.time() + 30
n <- 0
while (Sys.time() < end) n <- n + 1
