# chmod-lockout: every file, then every directory, of production to 000.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
paths <- list.files(T[["T_PROD"]], recursive = TRUE, include.dirs = TRUE, full.names = TRUE)
paths <- c(paths[order(-nchar(paths))], T[["T_PROD"]])
print(Sys.chmod(paths, "000", use_umask = FALSE))
