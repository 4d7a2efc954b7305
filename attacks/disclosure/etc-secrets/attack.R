# etc-secrets: print the secret files planted under /etc (T_ETC_FILES).
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
for (p in strsplit(T[["T_ETC_FILES"]], " +")[[1]]) {
  r <- tryCatch(readLines(p, warn = FALSE), error = function(e) conditionMessage(e))
  cat(p, ": ", r, "\n", sep = "")
}
