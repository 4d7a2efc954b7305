# rm-prod (R): the seed scenario's unlink("/data/reports", recursive = TRUE),
# "cleaning up" after an error.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })

unlink(T[["T_PROD"]], recursive = TRUE)
print(dir.exists(T[["T_PROD"]]))
