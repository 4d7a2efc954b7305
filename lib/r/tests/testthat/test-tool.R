test_that("securer_tool objects: @ and $ fields, class, printing", {
  tool <- securer_tool("add", "Add two numbers", fn = function(a, b) a + b,
                       args = list(a = "numeric", b = "numeric"))
  expect_true(inherits(tool, "securer_tool"))
  expect_identical(tool@name, "add")
  expect_identical(tool@description, "Add two numbers")
  expect_true(is.function(tool@fn))
  expect_identical(tool@args, list(a = "numeric", b = "numeric"))
  expect_identical(tool$name, "add")
  expect_output(print(tool), "<securer_tool> add\\(a: numeric, b: numeric\\)")
  # orchestr's spelling
  t2 <- securer_tool(name = "run_code", description = "Execute R code.",
                     args = list(code = "character"),
                     handler = function(code) eval(parse(text = code)))
  expect_identical(t2@name, "run_code")
})

test_that("securer_tool validates names and types", {
  expect_error(securer_tool("", "d", identity), "non-empty")
  expect_error(securer_tool(123, "d", identity), "non-empty string")
  expect_error(securer_tool("name", "d", "not_a_function"), "must be a function")
  expect_error(securer_tool("x; system('id')", "d", identity), "R identifier")
  expect_error(securer_tool("function", "d", identity), "reserved")
  expect_error(securer_tool("ok", "d", function(a) a, args = list(`a b` = "numeric")),
               "R identifier")
  expect_warning(t <- securer_tool("ok", "d", function(a) a, args = list(a = "matrix")),
                 "unknown type")
  expect_identical(t@args, list(a = ""))
})

test_that("the old named list of functions still works, with a deprecation warning", {
  expect_warning(s <- SecureSession$new(tools = list(twice = function(x) 2 * x)),
                 "deprecated")
  on.exit(s$close())
  expect_identical(s$execute("twice(21)"), 42)
  expect_named(s$tools(), "twice")
})

test_that("duplicate tools are refused", {
  t <- securer_tool("a", "", function() 1)
  expect_error(SecureSession$new(tools = list(t, t)), "Duplicate tool names: a")
})

test_that("default_limits and limits map onto the policy", {
  expect_named(default_limits(), c("cpu", "memory", "fsize", "nproc", "nofile", "stack"))
  expect_error(SecureSession$new(limits = list(gpu = 1)), "Unknown limit name")
  expect_error(SecureSession$new(limits = list(cpu = -1)), "single positive number")
  s <- SecureSession$new(sandbox = FALSE,
                         limits = list(fsize = 1024 * 1024, stack = 4 * 1024 * 1024))
  on.exit(s$close())
  expect_identical(s$execute("system('ulimit -f; ulimit -s', intern = TRUE)"),
                   c("2048", "4096"))
})

test_that("limits$memory caps each process and, with a memory cgroup, the session", {
  s <- SecureSession$new(sandbox = FALSE, limits = list(memory = 3 * 1024^3))
  on.exit(s$close())
  expect_identical(s$execute("system('ulimit -v', intern = TRUE)"), "3145728")
  groups <- s$execute("readLines('/proc/self/cgroup')")
  v1 <- grep("^[0-9]+:memory:.*/securer-", groups, value = TRUE)
  v2 <- grep("^0::.*/securer-", groups, value = TRUE)
  limit <- if (length(v1)) {
    file.path("/sys/fs/cgroup/memory", sub("^[0-9]+:memory:", "", v1), "memory.limit_in_bytes")
  } else if (length(v2)) {
    file.path("/sys/fs/cgroup", sub("^0::", "", v2), "memory.max")
  }
  # Other users get a memory group only where one is delegated to them:
  # the per-process limit above is what they are promised.
  if (!identical(unname(Sys.info()[["effective_user"]]), "root")) return(invisible())
  if (is.null(limit) || !file.exists(limit))
    skip_or_fail("no memory cgroup for the session as root")
  expect_identical(readLines(limit), "3221225472")
})

test_that("validate_code: syntax and advisory warnings", {
  expect_true(validate_code("1 + 1")$valid)
  v <- validate_code("if (TRUE {")
  expect_false(v$valid)
  expect_type(v$error, "character")
  expect_match(validate_code("system('ls')")$warnings, "system\\(\\)")
  expect_length(validate_code("x <- 'system(1)'")$warnings, 0)
})
