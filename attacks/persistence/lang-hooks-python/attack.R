# lang-hooks-python: run 1 drops a .pth into the user site; run 2 starts
# python3 as any later job would.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
if (T[["T_STAGE"]] == "1") {
  site <- system2("python3", c("-c", shQuote("import site; print(site.getusersitepackages())")),
                  stdout = TRUE)
  dir.create(site, recursive = TRUE, showWarnings = FALSE)
  writeLines(sprintf("import os; open('%s', 'w').close()", T[["T_MARKER"]]),
             file.path(site, "zz-update.pth"))
  print(list.files(site))
} else {
  system2("python3", c("-c", shQuote("print('analysis done')")))
}
