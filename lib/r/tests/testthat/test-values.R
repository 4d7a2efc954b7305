# Values cross as typed data: types, NA, names, dim, data frames.

roundtrip <- function(x) .Call(securer:::C_codec_roundtrip, x)

test_that("the host codec keeps types, NAs, names, dims and data frames", {
  vals <- list(
    NULL, TRUE, c(a = TRUE, b = NA), 1L, c(1L, NA, -2147483647L), 0.1 + 0.2,
    c(1.5, NA, NaN, Inf, -Inf, -0, .Machine$double.xmax, 5e-324), "a",
    c("é", NA, "\"quoted\"\n\ttab\\", "\u2603"), as.raw(c(0, 255, 16)),
    list(1, "a", NULL, list(x = 1:3)), list(a = 1, b = list(c = "d")),
    matrix(1:6, 2, dimnames = list(c("r1", "r2"), NULL)), array(1:24, 2:4),
    head(mtcars), data.frame(i = 1:3, d = c(0.5, NA, 2), s = c("x", NA, "z"),
                             l = c(TRUE, FALSE, NA)),
    data.frame(), numeric(0), character(0), list())
  for (v in vals) expect_identical(roundtrip(v), v)
})

test_that("factors, Dates and times become character; classes are dropped", {
  expect_identical(roundtrip(factor(c("b", "a", NA))), c("b", "a", NA))
  expect_identical(roundtrip(as.Date("2024-02-29")), "2024-02-29")
  df <- data.frame(f = factor(c("u", "v")), d = as.Date(c("2024-01-01", "2024-01-02")))
  expect_identical(roundtrip(df), data.frame(f = c("u", "v"), d = c("2024-01-01", "2024-01-02")))
  expect_identical(roundtrip(structure(1:3, class = "myclass")), 1:3)
  expect_identical(roundtrip(structure(list(a = 1), class = c("evil", "list"))), list(a = 1))
})

test_that("host values with no data form are refused with their kind", {
  expect_error(roundtrip(function() 1), "a function cannot be sent as data")
  expect_error(roundtrip(new.env()), "an environment cannot be sent as data")
  expect_error(roundtrip(quote(f(x))), "an unevaluated expression")
  expect_error(roundtrip(list(1, list(sum))), "a function")
  expect_error(roundtrip(1i), "a complex vector")
  deep <- list()
  for (i in 1:70) deep <- list(deep)
  expect_error(roundtrip(deep), "nested more than 64 levels")
})

test_that("values from the sandboxed R keep their R types", {
  s <- SecureSession$new(sandbox = FALSE)
  on.exit(s$close())
  expect_identical(s$execute("1:3"), 1:3)
  expect_identical(s$execute("c(1, NA, NaN, Inf, -Inf)"), c(1, NA, NaN, Inf, -Inf))
  expect_identical(s$execute("0.1 + 0.2"), 0.1 + 0.2)
  expect_identical(s$execute("c(a = 1L, b = NA)"), c(a = 1L, b = NA))
  expect_identical(s$execute("c('x', NA)"), c("x", NA))
  expect_identical(s$execute("matrix(1:4, 2, dimnames = list(c('a','b'), c('c','d')))"),
                   matrix(1:4, 2, dimnames = list(c("a", "b"), c("c", "d"))))
  expect_identical(s$execute("list(a = 1, b = list(NULL, 'z'))"),
                   list(a = 1, b = list(NULL, "z")))
  expect_identical(s$execute("iris[1:2, ]"),
                   transform(iris[1:2, ], Species = as.character(Species)))
  expect_identical(s$execute("Sys.Date() - Sys.Date() + as.Date('2020-01-01')"), "2020-01-01")
  expect_identical(s$execute("as.raw(1:3)"), as.raw(1:3))
  expect_identical(s$execute("'\\u00e9t\\u00e9'"), "\u00e9t\u00e9")
  expect_null(s$execute("NULL"))
  # an invisible value returns invisibly, with no value
  expect_invisible(s$execute("y <- 5"))
  # output rides along
  v <- s$execute("print('hi'); cat('there\\n'); 7")
  expect_identical(as.vector(v), 7)
  expect_identical(attr(v, "output"), c("[1] \"hi\"", "there"))
})

test_that("tool arguments and results cross typed, both ways", {
  seen <- new.env()
  tools <- list(
    securer_tool("echo", "returns what it got", function(x) {
      seen$x <- x
      x
    }, args = list(x = "")),
    securer_tool("frame", "a data frame", function(n) head(mtcars, n),
                 args = list(n = "numeric")),
    securer_tool("count", "an integer", function(k) k + 1L, args = list(k = "integer")))
  s <- SecureSession$new(tools = tools, sandbox = FALSE)
  on.exit(s$close())
  expect_identical(s$execute("echo(1:3)"), 1:3)
  expect_identical(seen$x, 1:3)
  s$execute("echo(data.frame(a = 1:2, b = c('x', 'y')))")
  expect_identical(seen$x, data.frame(a = 1:2, b = c("x", "y")))
  expect_identical(s$execute("d <- frame(3); c(class(d), nrow(d), mean(d$mpg))"),
                   c("data.frame", "3", as.character(mean(head(mtcars, 3)$mpg))))
  expect_identical(s$execute("identical(frame(3), head(mtcars, 3))"), TRUE)
  expect_identical(s$execute("count(4L)"), 5L)
  expect_error(s$execute("count(4)"), "Tool 'count': argument 'k' must be integer, got numeric")
  expect_identical(s$execute("echo(list(a = NULL, b = NA))"), list(a = NULL, b = NA))
  expect_identical(s$execute("echo(NULL)"), NULL)
  expect_identical(seen$x, NULL)
})

test_that("a value too large for a message is an error that keeps its printed form", {
  s <- SecureSession$new(sandbox = FALSE)
  on.exit(s$close())
  err <- tryCatch(s$execute("seq(0.5, 2e5, by = 1)"), error = function(e) e)
  expect_s3_class(err, "securer_value_error")
  expect_match(conditionMessage(err), "too large .* message limit")
  expect_match(err$repr, "^ +\\[1\\] +0.5 +1.5")
  # assigned, the same value costs nothing: nothing is sent back
  expect_null(s$execute("big <- seq(0.5, 2e5, by = 1)"))
  expect_identical(s$execute("length(big)"), 200000L)
})

test_that("a pool's sessions call the host's tools, on R's thread", {
  calls <- 0
  off_thread <- 0
  tools <- list(securer_tool("bump", "counts", function(k) {
    if (!.Call(securer:::C_on_r_thread)) off_thread <<- off_thread + 1
    calls <<- calls + k
    calls
  }, args = list(k = "numeric")))
  pool <- SecureSessionPool$new(size = 2, tools = tools, sandbox = FALSE)
  on.exit(pool$close())
  for (i in 1:5) pool$execute("bump(2)")
  expect_identical(calls, 10)
  expect_identical(pool$execute("bump(1) + 1"), 12)
  expect_error(pool$execute("Sys.sleep(5)", timeout = 0.5), "timed out after 0.5 seconds")
  expect_identical(pool$execute("1 + 1"), 2)
  expect_identical(off_thread, 0)
})
