# Values cross as data, never as R serialization (CVE-2024-27322 and its
# class): sandboxed code that returns or passes values which would carry
# code gets plain data or an error to the host, and nothing runs in the
# host.  The payloads create a marker file only when they run in the host
# process (its pid is written into them), so a marker that appears means
# host execution, whatever the backend lets the child write.

payload <- function(marker)
  sprintf('if (Sys.getpid() == %dL) file.create("%s")', Sys.getpid(), marker)

attack_values <- function(p) list(
  closure = sprintf("function() { %s }", p),
  environment = sprintf('e <- new.env(); delayedAssign("x", %s, assign.env = e); e', p),
  call = sprintf("quote(%s)", p),
  formula = sprintf("~ %s", p),
  external_pointer = 'new("externalptr")',
  serialized_env = sprintf('e <- new.env(); delayedAssign("x", %s, assign.env = e); serialize(e, NULL)', p),
  list_with_closure = sprintf("list(1, f = function() %s)", p),
  s4 = 'setClass("Evil", representation(x = "numeric")); new("Evil", x = 1)')

check_no_host_code <- function(session, marker) {
  for (name in names(attack_values(""))) {
    code <- attack_values(payload(marker))[[name]]
    v <- tryCatch(session$execute(code), error = function(e) e)
    if (inherits(v, "error")) {
      expect_s3_class(v, "securer_value_error")
    } else {
      # what arrived is plain data: no function, environment or language
      expect_true(is.null(v) || is.atomic(v) || is.list(v), label = name)
      if (is.list(v)) expect_false(any(vapply(unlist(v, recursive = TRUE), is.function, NA)))
      utils::capture.output(print(v))
      format(v)
      if (is.raw(v)) expect_true(length(v) > 50)
    }
    expect_false(file.exists(marker), label = paste(name, "ran code in the host"))
  }
}

test_that("values that would carry code arrive as data or an error, and run nothing", {
  marker <- tempfile("host-ran")
  s <- SecureSession$new(sandbox = FALSE)
  on.exit(s$close())
  check_no_host_code(s, marker)
  need_sandbox()
  sb <- SecureSession$new(sandbox = TRUE)
  on.exit(sb$close(), add = TRUE)
  check_no_host_code(sb, marker)
})

test_that("the crafted serialization is live: unserialized, it runs its code", {
  # The control, in a separate R process (never this host): the bytes the
  # sandbox returned do run code when unserialize()d and used.
  marker <- tempfile("control-ran")
  s <- SecureSession$new(sandbox = FALSE)
  on.exit(s$close())
  bytes <- s$execute(sprintf(
    'e <- new.env(); delayedAssign("x", if (nzchar(Sys.getenv("SECURER_TEST_UNSERIALIZE"))) file.create("%s"), assign.env = e); serialize(e, NULL)',
    marker))
  expect_type(bytes, "raw")
  f <- tempfile(fileext = ".bin")
  writeBin(bytes, f)
  expect_false(file.exists(marker))
  system2(file.path(R.home("bin"), "Rscript"),
          c("-e", shQuote(sprintf('e <- unserialize(readBin("%s", "raw", 1e6)); invisible(e$x)', f))),
          env = "SECURER_TEST_UNSERIALIZE=1", stdout = FALSE, stderr = FALSE)
  expect_true(file.exists(marker))
})

test_that("a data frame with a malicious class arrives as a plain data frame", {
  marker <- tempfile("evil-method")
  registerS3method("print", "evil", function(x, ...) file.create(marker),
                   envir = globalenv())
  registerS3method("format", "evil", function(x, ...) file.create(marker),
                   envir = globalenv())
  s <- SecureSession$new(sandbox = FALSE)
  on.exit(s$close())
  v <- s$execute('structure(data.frame(a = 1:2), class = c("evil", "data.frame"))')
  expect_identical(class(v), "data.frame")
  utils::capture.output(print(v))
  format(v)
  expect_identical(v, data.frame(a = 1:2))
  expect_false(file.exists(marker))
})

test_that("tool arguments that would carry code never reach the tool", {
  calls <- 0
  got <- NULL
  tools <- list(securer_tool("sink_tool", "records its argument", function(x) {
    calls <<- calls + 1
    got <<- x
    "ok"
  }, args = list(x = "")))
  s <- SecureSession$new(tools = tools, sandbox = FALSE)
  on.exit(s$close())
  for (arg in c("function() 1", "new.env()", "quote(f(x))", "new('externalptr')")) {
    expect_error(s$execute(sprintf("sink_tool(%s)", arg)), "cannot be sent to the host")
  }
  expect_identical(calls, 0)
  s$execute("sink_tool(serialize(new.env(), NULL))")
  expect_type(got, "raw")
})

test_that("hand-written protocol messages with hostile typed values are refused", {
  calls <- 0
  got <- NULL
  tools <- list(securer_tool("sink_tool", "records its argument", function(x) {
    calls <<- calls + 1
    got <<- x
    "ok"
  }, args = list(x = "")))
  s <- SecureSession$new(tools = tools, sandbox = FALSE)
  on.exit(s$close())
  # The sandboxed code bypasses the runtime: it writes tool_call messages
  # itself on the protocol pipe and reads the answer.
  forge <- function(arg_json, id) {
    msg <- sprintf('{"type":"tool_call","id":%d,"tool":"sink_tool","args":{"x":%s}}',
                   id, arg_json)
    s$execute(sprintf('
      out <- fifo("/proc/self/fd/4", "w", blocking = TRUE)
      inp <- fifo("/proc/self/fd/3", "r", blocking = TRUE)
      writeLines(%s, out); flush(out)
      reply <- readLines(inp, n = 1L); close(out); close(inp)
      reply', deparse(msg)))
  }
  hostile <- c('{"t":"closure","v":"function() 1"}',
               '{"t":"list","v":[{"t":"env"}]}',
               '{"t":"df","nrow":2,"n":["a"],"v":[{"t":"dbl","v":[1]}]}',
               '{"t":"dbl","v":[1],"dim":[2,2]}',
               '{"t":"int","v":[1.5]}',
               '{"t":"dbl","v":["1e5000"]}',
               '{"t":"dbl","v":["0x1p3 "]}',
               '{"t":"chr","v":[1]}',
               '{"t":"raw","v":"zz"}',
               '{"v":[1]}')
  id <- 100L
  for (h in hostile) {
    reply <- jsonlite::fromJSON(forge(h, id <- id + 1L))
    expect_identical(reply$type, "tool_result")
    expect_match(reply$error, "not well-formed data", label = h)
  }
  expect_identical(calls, 0)
  # unknown members are ignored: a "class" never reaches the host's value
  reply <- jsonlite::fromJSON(forge('{"t":"dbl","v":[1],"class":"evil","attr":{"x":1}}', 200L))
  expect_identical(reply$value$t, "chr")
  expect_identical(got, 1)
  expect_identical(attributes(got), NULL)
})
