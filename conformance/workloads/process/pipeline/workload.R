out <- system2("sh", c("-c", shQuote("printf 'pear\\napple\\npear\\nplum\\napple\\npear\\n' | sort | uniq -c")), stdout = TRUE)
for (l in out) { p <- strsplit(trimws(l), " +")[[1]]; cat("@@", p[2], p[1], "\n") }
cat("@@ exit status seen:", system2("sh", c("-c", shQuote("exit 3"))), "\n")
cat("@@ done\n")
