s <- "Gr\u00fc\u00dfe, \u00c5sa! na\u00efve caf\u00e9 \u2014 \u6771\u4eac"
cat("@@ chars", nchar(s, type = "chars"), "bytes", nchar(s, type = "bytes"), "\n")
cat("@@ utf8 valid", validUTF8(s), "\n")
cat("@@ upper", toupper("caf\u00e9"), "\n")
cat("@@ codepoints", paste(utf8ToInt("\u00e9\u6771"), collapse = ","), "\n")
cat("@@ done\n")
