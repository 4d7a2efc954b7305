data <- charToRaw(paste(sprintf("row %d,%d", 0:19999, (0:19999)^2 %% 977), collapse = "\n"))
for (t in c("gzip", "bzip2", "xz")) {
  z <- memCompress(data, t)
  cat("@@", t, "round trip", identical(memDecompress(z, t), data), "\n")
}
f <- tempfile(fileext = ".gz")
con <- gzfile(f, "w"); writeLines(c("a", "b", "c"), con); close(con)
cat("@@ gzfile lines", length(readLines(f)), "\n")
unlink(f)
cat("@@ done\n")
