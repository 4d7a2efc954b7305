# Errors, as R users expect them.

test_that("an error in the sandboxed code is an R error with the child's message", {
  s <- SecureSession$new(sandbox = FALSE)
  on.exit(s$close())
  err <- tryCatch(s$execute("f <- function() stop('deep trouble'); f()"),
                  error = function(e) e)
  expect_s3_class(err, "securer_runtime_error")
  expect_identical(conditionMessage(err), "deep trouble")
  expect_match(err$traceback, "f()")
  # the session keeps its state after an ordinary error
  expect_true(s$execute("is.function(f)"))
})

test_that("a host tool's error reaches the sandboxed code, which can catch it", {
  tools <- list(securer_tool("boom", "fails", function() stop("host says no")))
  s <- SecureSession$new(tools = tools, sandbox = FALSE)
  on.exit(s$close())
  expect_identical(s$execute("tryCatch(boom(), error = function(e) paste('caught:', conditionMessage(e)))"),
                   "caught: host says no")
  expect_error(s$execute("boom()"), "host says no")
})

test_that("wrong argument types are refused before the tool runs", {
  ran <- 0
  tools <- list(securer_tool("add", "Add two numbers", function(a, b) {
    ran <<- ran + 1
    a + b
  }, args = list(a = "numeric", b = "numeric")))
  s <- SecureSession$new(tools = tools, sandbox = FALSE)
  on.exit(s$close())
  expect_error(s$execute('add("1", 2)'),
               "Tool 'add': argument 'a' must be numeric, got character", fixed = TRUE)
  expect_error(s$execute('add(1, list(2))'),
               "Tool 'add': argument 'b' must be numeric, got list", fixed = TRUE)
  expect_identical(ran, 0)
  expect_identical(s$execute("add(c(1, 2), 3)"), c(4, 5))
  expect_identical(ran, 1)
})

test_that("max_executions, max_code_length and pre_execute_hook act before anything runs", {
  marker <- tempfile("ran")
  code <- sprintf('file.create("%s")', marker)
  s <- SecureSession$new(sandbox = FALSE, max_executions = 1,
                         pre_execute_hook = function(code) !grepl("system\\(", code))
  on.exit(s$close())
  expect_error(s$execute(paste(code, "; system('true')")), "blocked by pre_execute_hook")
  expect_error(s$execute(paste(code, "#", strrep("x", 200)), max_code_length = 100),
               "exceeds the maximum length")
  expect_false(file.exists(marker))
  expect_identical(s$execute("1"), 1)
  expect_error(s$execute(code), "Maximum executions \\(1\\) reached")
  expect_false(file.exists(marker))
})

test_that("a dead runtime is reported and replaced", {
  s <- SecureSession$new(sandbox = FALSE)
  on.exit(s$close())
  s$execute("x <- 1")
  err <- tryCatch(s$execute("tools::pskill(Sys.getpid(), 9L); Sys.sleep(5)"),
                  error = function(e) e)
  expect_match(conditionMessage(err), "killed by signal 9.*variables are gone")
  expect_identical(s$execute("exists('x')"), FALSE)
})

test_that("sanitize_errors strips paths from the messages", {
  s <- SecureSession$new(sandbox = FALSE, sanitize_errors = TRUE)
  on.exit(s$close())
  expect_error(s$execute("stop('cannot open /home/alice/secret.txt')"),
               "cannot open <path>", fixed = TRUE)
  expect_identical(sanitize_error_message("pid 1234 at /a/b"), "pid <pid> at <path>")
})

test_that("sandbox = TRUE fails closed with the library's reason, never unsandboxed", {
  # With bwrap gone (SECURER_BWRAP names a missing one) the library's auto
  # tries landlock: where it works the code runs confined, so the marker
  # (outside its view) is never made.  With a policy landlock cannot
  # express either (a private loopback) no backend can confine here: the
  # session must not start, and no code of it run.
  old <- Sys.getenv("SECURER_BWRAP", NA)
  Sys.setenv(SECURER_BWRAP = file.path(tempfile("nope"), "bwrap"))
  on.exit(if (is.na(old)) Sys.unsetenv("SECURER_BWRAP") else Sys.setenv(SECURER_BWRAP = old))
  marker <- tempfile("ran")
  code <- sprintf('file.create("%s")', marker)
  res <- tryCatch(execute_r(code, sandbox = TRUE), error = function(e) e)
  expect_false(isTRUE(res))
  expect_false(file.exists(marker))
  loopback <- list(network = "loopback")
  err <- tryCatch({
    s <- SecureSession$new(sandbox = TRUE, policy = loopback)
    s$execute(code)
  }, error = function(e) e)
  expect_s3_class(err, "error")
  expect_match(conditionMessage(err),
               "never runs code unsandboxed.*bwrap backend unusable: SECURER_BWRAP=")
  expect_false(file.exists(marker))
  pool <- tryCatch(SecureSessionPool$new(size = 1, sandbox = TRUE, policy = loopback),
                   error = function(e) e)
  expect_match(conditionMessage(pool), "bwrap backend unusable")
  # asking for no sandbox still works, and says so
  s <- SecureSession$new(sandbox = FALSE)
  expect_match(format(s), "unsandboxed")
  s$close()
  expect_error(SecureSession$new(sandbox = "no-such-backend"), "backend name")
})
