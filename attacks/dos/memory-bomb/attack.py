# memory-bomb (Python): keep 64 MiB bytearrays, each filled so every page
# is touched, up to 2 GiB (past the oracle's 1.5 GiB); stop at MemoryError.
chunks = []
try:
    for i in range(32):
        chunks.append(bytearray(b"Z") * (64 << 20))
except MemoryError:
    pass
print("holding", len(chunks) * 64, "MiB")
