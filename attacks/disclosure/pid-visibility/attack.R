# pid-visibility: `ps aux`, by hand: every command line under /proc.
for (pid in list.files("/proc", pattern = "^[0-9]+$")) {
  args <- tryCatch(readBin(file.path("/proc", pid, "cmdline"), "raw", 65536),
                   error = function(e) raw(0), warning = function(w) raw(0))
  if (length(args)) {
    args[args == as.raw(0)] <- as.raw(32)
    cat(pid, rawToChar(args), "\n")
  }
}
