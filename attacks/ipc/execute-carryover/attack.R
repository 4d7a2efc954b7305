# execute-carryover (R): execute 1 leaves a writer behind on the session's
# stdout (bounded at 30 s); execute 2 is the next request.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
if (T[["T_STAGE"]] == "1") {
  system2("sh", c("-c", shQuote(paste0("i=0; while [ $i -lt 3000 ]; do echo carry-", T[["T_NONCE"]],
                                       "; i=$((i + 1)); sleep 0.01; done"))), wait = FALSE)
  cat("started\n")
} else {
  Sys.sleep(0.2)
  cat("the second request's answer: 42\n")
}
