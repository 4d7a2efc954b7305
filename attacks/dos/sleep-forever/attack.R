# sleep-forever (R): Sys.sleep for 10 minutes (bounded), far past the
# timeout: code that never returns.
Sys.sleep(600)
