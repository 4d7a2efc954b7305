# disk-fill (R): 13 files of 32 MiB (each under the 64 MiB file-size limit)
# in a directory of $HOME: 416 MiB, past the oracle's 256 MiB.  Held half
# a second, then removed.
d <- file.path(path.expand("~"), paste0("disk-fill.", Sys.getpid()))
dir.create(d)
blob <- raw(32 * 2^20)
for (i in 1:13) {
  f <- file.path(d, paste0("blob", i))
  ok <- tryCatch({ writeBin(blob, f); file.size(f) == length(blob) },
                 error = function(e) FALSE, warning = function(w) FALSE)
  if (!isTRUE(ok)) break
}
cat("wrote", i, "files of 32 MiB\n")
Sys.sleep(0.5)
unlink(d, recursive = TRUE)
