# signal-sentinel (R): tools::pskill and tools::psnice on a process outside
# the run; only the sentinel's pid.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
pid <- as.integer(T[["T_SENTINEL_PID"]])
if (!is.na(pid) && pid > 1) {
  print(tools::pskill(pid, tools::SIGSTOP))
  print(tools::psnice(pid, 19))
}
