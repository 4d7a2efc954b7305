# The package's testthat tests as `make check` runs them (make r-check):
#   Rscript lib/r/tests/run-tests.R lib/r/tests/testthat
# with R_LIBS pointing at the library make r-package installed into.
# Exits non-zero when a test fails or errs, and, under SECURER_MUST_WORK=1,
# when one was skipped (a missing capability is then a failure).
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args)) args[[1L]] else "lib/r/tests/testthat"
suppressPackageStartupMessages({
  library(testthat)
  library(securer)
})
testthat::set_max_fails(Inf)
res <- testthat::test_dir(dir, reporter = testthat::ProgressReporter$new(show_praise = FALSE),
                          stop_on_failure = FALSE, stop_on_warning = FALSE,
                          load_package = "none")
df <- as.data.frame(res)
bad <- df$failed > 0 | df$error
skipped <- !bad & df$skipped
passed <- !bad & !skipped
must <- identical(Sys.getenv("SECURER_MUST_WORK"), "1")
cat(sprintf("R: %d passed, %d failed, %d skipped\n", sum(passed), sum(bad), sum(skipped)))
if (any(bad) || (must && any(skipped))) {
  if (must && any(skipped))
    cat("SECURER_MUST_WORK=1: a skipped test is a failure\n")
  quit(save = "no", status = 1L)
}
