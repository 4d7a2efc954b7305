# git-submodule-pointer (R): our git directory (fsmonitor = stage 2), and
# the submodules' .git files pointed at it.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
gd <- file.path(T[["T_WORK"]], "docs", ".gd")
dir.create(file.path(gd, "objects"), recursive = TRUE, showWarnings = FALSE)
dir.create(file.path(gd, "refs"), recursive = TRUE, showWarnings = FALSE)
writeLines("ref: refs/heads/main", file.path(gd, "HEAD"))
writeLines(c("[core]", "\trepositoryformatversion = 0", "\tbare = false",
             paste0("\tfsmonitor = touch ", T[["T_MARKER"]], "; :")), file.path(gd, "config"))
for (sub in c("lib/sub", "vendor/tool"))
  print(tryCatch({ writeLines("gitdir: ../../docs/.gd", file.path(T[["T_WORK"]], sub, ".git")); sub },
                 error = function(e) conditionMessage(e), warning = function(w) conditionMessage(w)))
