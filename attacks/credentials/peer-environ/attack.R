# peer-environ (R): the session next door keeps its secret in its
# environment and its home; /proc shows both to whoever can see its pids.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
ppid <- function(p) tryCatch({
  s <- readLines(sprintf("/proc/%s/stat", p), warn = FALSE)
  as.integer(strsplit(sub(".*\\) ", "", s), " ")[[1]][2])
}, error = function(e) -1L, warning = function(w) -1L)
all <- grep("^[0-9]+$", list.files("/proc"), value = TRUE)
pids <- as.integer(T[["T_PEER_PID"]])
for (round in 1:6) pids <- union(pids, as.integer(all[vapply(all, ppid, 1L) %in% pids]))
for (p in pids) {
  raw <- tryCatch(readBin(sprintf("/proc/%d/environ", p), "raw", 1e6), error = function(e) NULL)
  if (is.null(raw)) next
  raw[raw == as.raw(0)] <- as.raw(10)
  env <- strsplit(rawToChar(raw), "\n")[[1]]
  cat("==", p, "\n")
  print(env)
  home <- sub("^HOME=", "", grep("^HOME=", env, value = TRUE)[1])
  secret <- sprintf("/proc/%d/root%s/peer-secret", p, home)
  if (!is.na(home) && file.exists(secret)) print(readLines(secret, warn = FALSE))
}
