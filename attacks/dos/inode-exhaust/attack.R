# inode-exhaust (R): file.create() 30000 empty files in a directory of
# $HOME, past the oracle's 20000 inodes.  Held a second, then removed.
d <- file.path(path.expand("~"), paste0("inode-exhaust.", Sys.getpid()))
dir.create(d)
ok <- suppressWarnings(file.create(file.path(d, paste0("f", 1:30000))))
cat("created", sum(ok), "files\n")
Sys.sleep(1)
unlink(d, recursive = TRUE)
