options(expressions = 50000)
depth <- function(n) if (n == 0) 0 else 1 + depth(n - 1)
cat("@@ depth", depth(400), "\n")
cat("@@ done\n")
