# core-dump (R): touch 100 MiB, then SIGQUIT itself in the workspace (R
# leaves SIGQUIT to its default: dump core).  Base R cannot raise its core
# limit; it inherits it.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })

setwd(T[["T_WORK"]])
ballast <- raw(100 * 2^20)  # raw() zeroes: every page written
cat("pid", Sys.getpid(), "sends itself SIGQUIT\n")
tools::pskill(Sys.getpid(), tools::SIGQUIT)
Sys.sleep(1)
cat("still alive 1 s after SIGQUIT\n")
