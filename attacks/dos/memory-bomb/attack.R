# memory-bomb (R): keep 64 MiB raw vectors, every page written, up to 2 GiB
# (past the oracle's 1.5 GiB); stop at the first allocation error.
chunks <- list()
for (i in 1:32) {
  x <- tryCatch(raw(64 * 2^20), error = function(e) NULL)  # raw() zeroes: every page written
  if (is.null(x)) break
  chunks[[i]] <- x
}
cat("holding", length(chunks) * 64, "MiB\n")
