# Shared by the tests.

# A test that needs what this machine lacks skips with the reason, and
# fails under SECURER_MUST_WORK=1 (CI).
skip_or_fail <- function(reason) {
  if (identical(Sys.getenv("SECURER_MUST_WORK"), "1"))
    testthat::fail(paste("required but missing:", reason))
  testthat::skip(reason)
}

# The sandbox works here (bwrap), or the test skips/fails saying why.
need_sandbox <- function() {
  why <- getOption("securer.test.sandbox_why")
  if (is.null(why)) {
    why <- tryCatch({
      s <- SecureSession$new(sandbox = TRUE)
      s$close()
      ""
    }, error = function(e) conditionMessage(e))
    options(securer.test.sandbox_why = why)
  }
  if (nzchar(why)) skip_or_fail(paste("the sandbox cannot start:", why))
}

random_token <- function(n = 24L)
  paste0(sample(c(letters, LETTERS, 0:9), n, replace = TRUE), collapse = "")

# Everything an execute let out: value (printed), error message, output.
seen_text <- function(session, code, ...) {
  r <- tryCatch({
    v <- session$execute(code, ...)
    c(utils::capture.output(print(v)), attr(v, "output"))
  }, error = function(e) c(conditionMessage(e), e$output, e$repr))
  paste(r, collapse = "\n")
}

# Processes whose command line contains |needle|.
procs_with <- function(needle) {
  pids <- list.files("/proc", pattern = "^[0-9]+$")
  hit <- vapply(pids, function(p) {
    cl <- tryCatch(readBin(file.path("/proc", p, "cmdline"), "raw", 4096L),
                   error = function(e) raw(0), warning = function(w) raw(0))
    cl[cl == as.raw(0)] <- as.raw(32)
    length(cl) > 0 && grepl(needle, rawToChar(cl), fixed = TRUE)
  }, NA)
  as.integer(pids[hit])
}

wait_until <- function(cond, secs = 20) {
  end <- Sys.time() + secs
  while (Sys.time() < end) {
    if (isTRUE(cond())) return(TRUE)
    Sys.sleep(0.05)
  }
  isTRUE(cond())
}
