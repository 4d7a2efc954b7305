# the trace of A %*% B for two deterministic 120x120 matrices
N <- 120
i <- matrix(rep(0:(N - 1), N), N)
j <- t(i)
a <- ((i * 7 + j * 3) %% 11) / 10
b <- ((i * 5 + j * 2) %% 13) / 10
cat(sprintf("@@ trace %.4f\n", sum(diag(a %*% b))))
cat("@@ done\n")
