# fail-open: the plain grab (SSH key, environment secrets) run while the
# sandbox backend is broken: a library that falls back to running it
# unconfined hands both over.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
try(writeLines(readLines(file.path(T[["T_HOME"]], ".ssh", "id_rsa"))))
print(Sys.getenv())
