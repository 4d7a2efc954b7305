# sleep-forever (Python): time.sleep for 10 minutes (bounded), far past the
# timeout: code that never returns.
import time

time.sleep(600)
