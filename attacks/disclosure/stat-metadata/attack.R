# stat-metadata: size and mtime (seconds since the epoch) of a host file.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
info <- file.info(T[["T_STATFILE"]])
cat(sprintf("size=%.0f mtime=%.0f\n", info$size, as.numeric(info$mtime)))
