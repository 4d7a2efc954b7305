# ellmer is CRAN-only and absent here: its part is tested without it.

test_that("format_tool_result: data frames at 30 lines with the row count, others at 50", {
  expect_identical(format_tool_result(NULL), "NULL")
  expect_identical(format_tool_result(2), "2")
  big <- data.frame(x = 1:100)
  out <- strsplit(format_tool_result(big), "\n")[[1]]
  expect_length(out, 31)
  expect_identical(out[[31]], "... (100 rows total)")
  long <- strsplit(format_tool_result(as.list(1:100)), "\n")[[1]]
  expect_length(long, 51)
  expect_identical(long[[51]], "... (output truncated)")
})

test_that("the tool's body returns text, and errors as tool errors, never raising", {
  s <- SecureSession$new(sandbox = FALSE)
  on.exit(s$close())
  r <- securer:::tool_result_text(s, 'cat("hi\\n"); head(data.frame(a = 1:3), 2)', 30)
  expect_identical(r$text, paste(c("hi", utils::capture.output(print(data.frame(a = 1:2)))),
                                 collapse = "\n"))
  expect_match(securer:::tool_result_text(s, "stop('bad')", 30)$error, "bad")
  expect_match(securer:::tool_result_text(s, "Sys.sleep(5)", 0.5)$error, "timed out")
  expect_match(securer:::tool_result_text(s, "lm(mpg ~ wt, mtcars)", 30)$text, "Coefficients")
  s2 <- SecureSession$new(sandbox = FALSE)
  s2$close()
  expect_match(securer:::tool_result_text(s2, "1", 30)$error, "no longer alive")
})

test_that("without ellmer, as_ellmer_tool says which package is missing", {
  if (requireNamespace("ellmer", quietly = TRUE)) {
    tool <- as_ellmer_tool(sandbox = FALSE)
    expect_identical(tool@name, "execute_r_code")
  } else {
    expect_error(as_ellmer_tool(sandbox = FALSE), "needs the R package 'ellmer'")
    expect_warning(expect_error(securer_as_ellmer_tool(), "'ellmer'"), "deprecated")
  }
})

test_that("orchestr's securer_as_ellmer_tool(tool, session): the tool runs in the sandbox", {
  code_tool <- securer_tool(name = "run_code", description = "Execute R code.",
                            args = list(code = "character"),
                            handler = function(code) eval(parse(text = code)))
  s <- SecureSession$new(sandbox = FALSE)
  on.exit(s$close())
  if (!requireNamespace("ellmer", quietly = TRUE))
    expect_warning(expect_error(securer_as_ellmer_tool(code_tool, s), "'ellmer'"),
                   "deprecated")
  # what the ellmer tool runs, without ellmer: the handler inside the session
  code <- securer:::tool_in_sandbox_code(code_tool, list(code = "mean(c(1, 5, 3, 7, 2))"))
  expect_identical(securer:::tool_result_text(s, code, 30)$text, "3.6")
  expect_identical(s$execute(securer:::tool_in_sandbox_code(
    code_tool, list(code = "Sys.getpid()"))) == Sys.getpid(), FALSE)
})
