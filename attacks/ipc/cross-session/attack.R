# cross-session: the peer's process tree, then its private HOME seen
# through each process's /proc/PID/cwd and /proc/PID/root/tmp.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
top <- T[["T_PEER_PID"]]
pids <- list.files("/proc", pattern = "^[0-9]+$")
parent <- vapply(pids, function(p) {
  st <- tryCatch(readLines(file.path("/proc", p, "stat"), warn = FALSE), error = function(e) "")
  strsplit(sub(".*\\) ", "", st), " ")[[1]][2]
}, "", USE.NAMES = TRUE)
in_tree <- function(p) {
  for (i in 1:64) {
    if (identical(p, top)) return(TRUE)
    p <- unname(parent[p])
    if (is.na(p) || p %in% c("0", "1")) return(FALSE)
  }
  FALSE
}
for (p in Filter(in_tree, pids))
  for (f in c(sprintf("/proc/%s/cwd/peer-secret", p), sprintf("/proc/%s/root/tmp/peer-secret", p)))
    if (file.exists(f)) cat(f, readLines(f, warn = FALSE), "\n")
