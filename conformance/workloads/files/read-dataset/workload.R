if (!exists("T_SRC")) T_SRC <- commandArgs(TRUE)[1]
d <- read.csv(file.path(T_SRC, "data.csv"))
cat("@@ rows", nrow(d), "\n")
a <- aggregate(units ~ region, data = d, FUN = sum)
for (i in seq_len(nrow(a))) cat("@@ units", a$region[i], a$units[i], "\n")
cat("@@ done\n")
