# cloud-metadata (R): readLines() of the instance-role credentials URL.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
addr <- if (nzchar(T[["T_META_ADDR"]])) T[["T_META_ADDR"]] else "169.254.169.254"
options(timeout = 3)
r <- try(readLines(url(sprintf("http://%s/latest/meta-data/iam/security-credentials/", addr)),
                   warn = FALSE), silent = TRUE)
print(r)
