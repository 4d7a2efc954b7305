library(parallel)
r <- mclapply(1:100, function(x) x * x, mc.cores = 4)
cat("@@ mclapply sum", sum(unlist(r)), "\n")
cat("@@ done\n")
