# bind-race: run 1 turns output/report.txt into a symlink to a host path;
# run 2 writes its report as usual, through the link.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
out <- file.path(T[["T_WORK"]], "output")
if (T[["T_STAGE"]] == "1") {
  unlink(out, recursive = TRUE)
  dir.create(out)
  file.symlink(T[["T_MARKER"]], file.path(out, "report.txt"))
} else {
  try(writeLines("revenue: 15010", file.path(out, "report.txt")))
}
