x <- numeric(200 * 1024 * 1024 / 8)
x[] <- 1
cat("@@ doubles", length(x), "sum", sum(x), "\n")
rm(x); invisible(gc())
cat("@@ done\n")
