# shm-file: what lives in /dev/shm, and the host's named segment's content.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
print(list.files("/dev/shm", all.files = TRUE))
print(readLines(T[["T_SHM_FILE"]], warn = FALSE))
