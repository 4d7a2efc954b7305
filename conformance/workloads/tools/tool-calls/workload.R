r <- wl_stats(values = list(3, 1.5, 10, -2), label = "sample")
cat("@@ stats", r$label, r$n, r$sum, r$max, "\n")
cat("@@ twice", wl_stats(values = as.list(0:2), label = "k")$sum, wl_stats(values = as.list(0:4), label = "k")$sum, "\n")
cat("@@ done\n")
