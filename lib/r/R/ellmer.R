# ellmer integration.  ellmer (and S7) are only on CRAN: where they are not
# installed, as_ellmer_tool() says so; everything but the last step (making
# the ellmer ToolDef) works without them and is tested here.

#' Format an R value as a tool result string
#'
#' A data frame is cut at 30 printed lines, followed by its row count; any
#' other value at 50 lines.
#' @export
format_tool_result <- function(value) {
  if (is.null(value)) return("NULL")
  attr(value, "output") <- NULL
  attr(value, "output_dropped") <- NULL
  attr(value, "output_truncated") <- NULL
  if (is.atomic(value) && length(value) == 1L && is.null(names(value)) && is.null(dim(value)))
    return(as.character(value))
  if (is.data.frame(value)) {
    lines <- utils::capture.output(print(value))
    if (length(lines) > 30L)
      lines <- c(utils::head(lines, 30L), sprintf("... (%d rows total)", nrow(value)))
    return(paste(lines, collapse = "\n"))
  }
  lines <- utils::capture.output(print(value))
  if (length(lines) > 50L) lines <- c(utils::head(lines, 50L), "... (output truncated)")
  paste(lines, collapse = "\n")
}

# One run of model-written code for an LLM: never raises.  list(text) on
# success (the printed output, then the value), list(error) otherwise.
tool_result_text <- function(session, code, timeout) {
  if (!session$is_alive())
    return(list(error = paste("SecureSession is no longer alive.",
                              "Create a new tool with as_ellmer_tool().")))
  tryCatch({
    value <- session$execute(code, timeout = timeout)
    out <- attr(value, "output")
    if (length(out) > 50L) out <- c(utils::head(out, 50L), "... (output truncated)")
    list(text = paste(c(out, format_tool_result(value)), collapse = "\n"))
  }, securer_value_error = function(e) {
    # no data form (a model object, a function): its printed form
    list(text = paste(c(e$output, e$repr), collapse = "\n"))
  }, error = function(e) list(error = sanitize_error_message(conditionMessage(e))))
}

# Code that runs a securer_tool's function inside the sandbox with the
# model's arguments: the function goes as its source text, the arguments as
# R literals (deparse), so nothing but text crosses.
tool_in_sandbox_code <- function(tool, args) {
  fn <- paste(deparse(tool@fn, control = c("keepNA", "keepInteger", "niceNames",
                                           "showAttributes")), collapse = "\n")
  lits <- vapply(args, function(a) paste(deparse(a, control = c("keepNA", "keepInteger",
                                                                "niceNames", "digits17")),
                                         collapse = "\n"), "")
  sprintf("local({\n.securer_fn <- %s\n.securer_fn(%s)\n})", fn,
          paste0(names(args), " = ", lits, collapse = ", "))
}

need_ellmer <- function(what) {
  if (!requireNamespace("ellmer", quietly = TRUE))
    stop(what, " needs the R package 'ellmer', which is not installed ",
         "(ellmer and S7 come from CRAN only; install them with install.packages(\"ellmer\")). ",
         "Everything else of securer works without it.", call. = FALSE)
}

ellmer_type <- function(type) {
  switch(type,
    numeric = ellmer::type_number(), integer = ellmer::type_integer(),
    logical = ellmer::type_boolean(), character = ellmer::type_string(),
    ellmer::type_string("R code for the value"))
}

#' Create an ellmer tool for secure R code execution
#' @export
as_ellmer_tool <- function(session = NULL, tools = list(), sandbox = TRUE, limits = NULL,
                           timeout = 30) {
  # orchestr calls securer_as_ellmer_tool(tool, session): a securer_tool
  # where the session goes, the session where the tools go.  It means an
  # ellmer tool for that securer_tool, run inside that session's sandbox.
  if (methods::is(session, "securer_tool") && inherits(tools, "SecureSession"))
    return(ellmer_tool_for(session, tools, timeout))
  need_ellmer("as_ellmer_tool()")
  if (is.null(session)) {
    session <- SecureSession$new(tools = tools, sandbox = sandbox, limits = limits)
    reg.finalizer(session$.__enclos_env__, function(e) try(e$self$close(), silent = TRUE),
                  onexit = TRUE)
  } else if (!inherits(session, "SecureSession")) {
    stop("`session` must be a SecureSession or NULL", call. = FALSE)
  }
  run <- function(code) {
    r <- tool_result_text(session, code, timeout)
    if (!is.null(r$error)) ellmer::ContentToolResult(error = r$error) else r$text
  }
  ellmer::tool(run, name = "execute_r_code",
    description = paste("Execute R code in a secure sandboxed environment.",
                        "The code runs in an isolated R process with no network and no",
                        "access to the user's files. Pass a single string of valid R code.",
                        "The printed output and the value of the last expression are returned."),
    arguments = list(code = ellmer::type_string("A string containing valid R code to execute.")))
}

ellmer_tool_for <- function(tool, session, timeout) {
  need_ellmer("securer_as_ellmer_tool(tool, session)")
  run <- function(...) {
    r <- tool_result_text(session, tool_in_sandbox_code(tool, list(...)), timeout)
    if (!is.null(r$error)) ellmer::ContentToolResult(error = r$error) else r$text
  }
  formals(run) <- stats::setNames(rep(list(quote(expr = )), length(tool@args)),
                                  names(tool@args))
  do.call(ellmer::tool, list(run, name = tool@name, description = tool@description,
                             arguments = lapply(tool@args, ellmer_type)))
}

#' @rdname as_ellmer_tool
#' @export
securer_as_ellmer_tool <- function(session = NULL, tools = list(), sandbox = TRUE,
                                   limits = NULL, timeout = 30) {
  .Deprecated("as_ellmer_tool", package = "securer")
  as_ellmer_tool(session = session, tools = tools, sandbox = sandbox, limits = limits,
                 timeout = timeout)
}
