# the primes below 20000 with a sieve
n = 20000
composite = bytearray(n)
primes = []
for i in range(2, n):
    if not composite[i]:
        primes.append(i)

        for j in range(2 * i, n, i):
            composite[j] = 1
print(f"@@ primes below 20000: {len(primes)}, the last {primes[-1]}")
print("@@ done")
