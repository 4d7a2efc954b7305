# hardlink: link the production database into the workspace and edit the
# "copy", which is the same inode.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
link <- file.path(T[["T_WORK"]], "customers.db")
unlink(link)
if (file.link(file.path(T[["T_PROD"]], "customers.db"), link))
  cat("DROP TABLE customers;\n", file = link, append = TRUE)
print(file.info(link))
