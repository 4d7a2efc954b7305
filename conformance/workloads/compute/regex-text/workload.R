i <- 0:2999
lvl <- c("INFO", "WARN", "ERROR")[ifelse(i %% 7 != 0, i %% 3, 2) + 1]
lines <- sprintf("2024-01-%02d 12:%02d:00 %s user=%d took=%dms", 1 + i %% 28, i %% 60, lvl, i %% 17, (i * 13) %% 900)
took <- as.integer(sub(".*took=([0-9]+)ms$", "\\1", lines))
lev <- regmatches(lines, regexpr("(INFO|WARN|ERROR)", lines))
tab <- table(lev)
cat("@@ levels", paste(names(tab), tab, sep = "=", collapse = " "), "\n")
cat("@@ slow", sum(took > 500), "\n")
cat("@@ done\n")
