test_that("output_handler sees each line while the code still runs", {
  seen <- character(0)
  tools <- list(securer_tool("handler_saw", "what the host's handler has seen so far",
                             function() seen))
  s <- SecureSession$new(tools = tools, sandbox = FALSE)
  on.exit(s$close())
  # The code asks the host, through a tool, what the handler has seen: the
  # first line must be there before the code ends.
  v <- s$execute('cat("first line\\n"); flush(stdout()); Sys.sleep(0.5)
                  message("to stderr"); Sys.sleep(0.5)
                  handler_saw()',
                 output_handler = function(line) seen <<- c(seen, line))
  expect_identical(as.vector(v), c("first line", "to stderr"))
  expect_identical(seen, c("first line", "to stderr"))
  expect_identical(attr(v, "output"), c("first line", "to stderr"))
})

test_that("a failing output_handler does not disturb the execute", {
  s <- SecureSession$new(sandbox = FALSE)
  on.exit(s$close())
  v <- s$execute('cat("a\\nb\\n"); 3', output_handler = function(line) stop("handler bug"))
  expect_identical(as.vector(v), 3)
  expect_identical(attr(v, "output"), c("a", "b"))
})

test_that("max_output_lines keeps N lines and drains the rest", {
  s <- SecureSession$new(sandbox = FALSE)
  on.exit(s$close())
  n <- 0
  v <- s$execute('for (i in 1:20000) cat("line", i, "\\n"); "done"', max_output_lines = 10,
                 output_handler = function(line) n <<- n + 1)
  expect_identical(as.vector(v), "done")
  expect_identical(attr(v, "output"), paste("line", 1:10, ""))
  expect_identical(n, 10)
})
