msg <- tryCatch({ wl_fail(reason = "no such record"); "no error" },
                securer_tool_error = function(e) paste("caught", grepl("refused: no such record", conditionMessage(e))))
cat("@@", msg, "\n")
cat("@@ after the error", wl_stats(values = list(1, 2), label = "again")$sum, "\n")
cat("@@ done\n")
