if (!exists("T_SRC")) T_SRC <- commandArgs(TRUE)[1]
d <- read.csv(file.path(T_SRC, "data.csv"), stringsAsFactors = TRUE)
d$revenue <- d$units * d$price
a <- aggregate(cbind(units, revenue) ~ region + product, data = d, FUN = sum)
a <- a[order(-a$revenue), ]
cat(sprintf("@@ top %s %s %.2f\n", a$region[1], a$product[1], a$revenue[1]))
m <- merge(a, data.frame(region = c("north", "south"), zone = c("N", "S")), by = "region")
cat("@@ merged rows", nrow(m), "\n")
cat("@@ tapply", paste(round(tapply(d$units, d$product, mean), 3), collapse = " "), "\n")
cat("@@ done\n")
