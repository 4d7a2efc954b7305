# burns 5 s of CPU time, then reports it did
import time
x = 1
while time.process_time() < 5:
    for _ in range(100000):
        x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
print("@@ cpu seconds reached: 5")
print("@@ done")
