t <- as.POSIXct("2024-07-01 12:00:00", tz = "UTC")
for (z in c("Europe/Paris", "America/New_York", "Asia/Tokyo")) cat("@@", z, format(t, tz = z, usetz = TRUE), "\n")
cat("@@ done\n")
