# the primes below 20000 with a sieve
n <- 20000
composite <- logical(n)
for (i in 2:floor(sqrt(n))) if (!composite[i]) composite[seq(2 * i, n, by = i)] <- TRUE
primes <- which(!composite[2:(n - 1)]) + 1
cat(sprintf("@@ primes below 20000: %d, the last %d\n", length(primes), max(primes)))
cat("@@ done\n")
