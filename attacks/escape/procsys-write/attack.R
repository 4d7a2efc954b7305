# procsys-write: change a kernel setting by writing /proc/sys (the default
# TTL, T_SYSCTL), as a "network tuning" script would.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
writeLines("128", T[["T_SYSCTL"]])
print(readLines(T[["T_SYSCTL"]]))
