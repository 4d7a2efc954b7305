# prod-truncate: "save the cleaned data over the original".
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
try(writeLines(character(0), file.path(T[["T_PROD"]], "customers.db")))
try(write.csv(data.frame(region = character(0), revenue = numeric(0)),
              file.path(T[["T_PROD"]], "reports", "q1.csv"), row.names = FALSE))
