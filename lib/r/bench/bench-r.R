# The R package's benchmarks (make bench-r), all with sandbox = TRUE:
#   start     SecureSession$new() until the session can execute
#   no-op     $execute("NULL") on a warm session
#   tool      one tool call from the sandboxed R code to an R function of the
#             host and back, timed inside the sandbox around each call
#   pool      SecureSessionPool$execute("NULL") (acquire, execute, release)
# Each is printed beside securer 0.2.0's figure measured on this machine and
# the target (issue 10).  Not a test: nothing here passes or fails.
#
#   Rscript lib/r/bench/bench-r.R [--quick] [--json FILE]
suppressPackageStartupMessages(library(securer))
args <- commandArgs(trailingOnly = TRUE)
quick <- "--quick" %in% args
json_out <- if ("--json" %in% args) args[[match("--json", args) + 1L]] else NULL
n_start <- if (quick) 5L else 30L
n_exec <- if (quick) 200L else 2000L
n_tool <- if (quick) 1000L else 5000L

now <- function() as.numeric(Sys.time())
stats <- function(secs) {
  us <- secs * 1e6
  c(n = length(us), median = stats::median(us),
    p90 = unname(stats::quantile(us, 0.9)), p99 = unname(stats::quantile(us, 0.99)),
    min = min(us))
}

start <- vapply(seq_len(n_start), function(i) {
  t0 <- now()
  s <- SecureSession$new(sandbox = TRUE)
  t <- now() - t0
  if (i == 1L) backend <<- s$sandbox_backend()
  s$close()
  t
}, 0)

tools <- list(
  securer_tool("noop", "does nothing", function() NULL),
  securer_tool("add", "Add two numbers", function(a, b) a + b,
               args = list(a = "numeric", b = "numeric")))
s <- SecureSession$new(tools = tools, sandbox = TRUE)
for (i in 1:50) s$execute("NULL")                          # warm up
noop_exec <- vapply(seq_len(n_exec), function(i) {
  t0 <- now()
  s$execute("NULL")
  now() - t0
}, 0)
tool_code <- function(call) sprintf('
  t <- numeric(%d)
  for (i in seq_along(t)) { t0 <- as.numeric(Sys.time()); %s; t[i] <- as.numeric(Sys.time()) - t0 }
  t', n_tool, call)
invisible(s$execute(tool_code("noop()"), timeout = 300, max_tool_calls = n_tool))   # warm up
tool_noop <- s$execute(tool_code("noop()"), timeout = 300, max_tool_calls = n_tool)
tool_add <- s$execute(tool_code("add(1, 2)"), timeout = 300, max_tool_calls = n_tool)
s$close()

pool <- SecureSessionPool$new(size = 2, sandbox = TRUE)
for (i in 1:50) pool$execute("NULL")
pool_exec <- vapply(seq_len(n_exec), function(i) {
  t0 <- now()
  pool$execute("NULL")
  now() - t0
}, 0)
pool$close()

rows <- list(
  list("session start (SecureSession$new)", stats(start), 170000, 100000),
  list("no-op $execute(\"NULL\")", stats(noop_exec), 205000, 2000),
  list("tool round trip, noop()", stats(tool_noop), 2700, 300),
  list("tool round trip, add(1, 2)", stats(tool_add), 2700, 300),
  list("pool $execute(\"NULL\")", stats(pool_exec), NA, NA))

fmt <- function(us) {
  if (is.na(us)) "-" else if (us >= 10000) sprintf("%.0f ms", us / 1000)
  else if (us >= 1000) sprintf("%.2f ms", us / 1000) else sprintf("%.0f us", us)
}
cat(sprintf("securer R package %s, libsecurer %s, backend %s, R %s.%s, load %s\n",
            utils::packageVersion("securer"), .Call(securer:::C_library_version), backend,
            R.version$major, R.version$minor,
            paste(readLines("/proc/loadavg", warn = FALSE), collapse = "")))
cat(sprintf("%-36s %6s %10s %10s %10s %12s %8s\n", "", "n", "median", "p90", "p99",
            "0.2.0", "target"))
for (r in rows)
  cat(sprintf("%-36s %6d %10s %10s %10s %12s %8s\n", r[[1]], r[[2]][["n"]],
              fmt(r[[2]][["median"]]), fmt(r[[2]][["p90"]]), fmt(r[[2]][["p99"]]),
              fmt(r[[3]]), fmt(r[[4]])))
if (!is.null(json_out))
  writeLines(jsonlite::toJSON(lapply(rows, function(r) c(list(name = r[[1]]), as.list(r[[2]]),
                                                          list(securer_020_us = r[[3]],
                                                               target_us = r[[4]]))),
                              auto_unbox = TRUE, digits = NA, pretty = TRUE), json_out)
