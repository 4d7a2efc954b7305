# history-grep (R): people type secrets into their consoles; histories keep
# them.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
for (home in c(path.expand("~"), T[["T_HOME"]])) {
  for (f in list.files(home, pattern = "history", all.files = TRUE, full.names = TRUE)) {
    l <- tryCatch(readLines(f, warn = FALSE), error = function(e) character())
    hit <- grep("export |passw|token|secret|api.?key", l, ignore.case = TRUE, value = TRUE)
    if (length(hit)) cat(paste0(f, ": ", hit, "\n"), sep = "")
  }
}
