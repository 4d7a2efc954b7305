# fd-walk: a directory fd leaked by the caller (T_DIRFD) is reachable as
# /proc/self/fd/N: a path through it and "../" walks the host's tree from
# the leaked directory.  Create the host marker next to it.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
writeLines("escaped through a leaked fd",
           file.path("/proc/self/fd", T[["T_DIRFD"]], "..", "host-marker"))
