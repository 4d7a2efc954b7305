# SecureSession: a persistent sandboxed R with R functions as tools.

# The dispatcher the C glue calls for every tool call (src/host.c): it
# checks the arguments' R types, runs the tool and says how it went, and
# never raises: list(status, value, error).
make_dispatch <- function(tools, ctx) {
  force(tools)
  force(ctx)
  function(name, args) {
    tool <- tools[[name]]
    traced <- isTRUE(ctx$verbose) || !is.null(ctx$audit)
    if (traced) t0 <- proc.time()[[3L]]
    tryCatch({
      check_tool_args(tool, args)
      if (traced) {
        verbose_log(ctx$verbose, "Tool call: ", format_call(name, args))
        if (!is.null(ctx$audit)) ctx$audit("tool_call", tool = name, args = args)
      }
      value <- do.call(tool@fn, args, quote = TRUE)
      if (traced) {
        el <- proc.time()[[3L]] - t0
        verbose_log(ctx$verbose, "Tool result: ", name, " -> ",
                    tryCatch(paste(format(utils::head(value, 1L)), collapse = ", "),
                             error = function(e) "<value>"),
                    " (", elapsed_label(el), ")")
        if (!is.null(ctx$audit))
          ctx$audit("tool_result", tool = name, elapsed_secs = el,
                    result_summary = tryCatch(substr(paste(deparse(value, nlines = 1L),
                                                           collapse = ""), 1L, 500L),
                                              error = function(e) NULL))
      }
      list("ok", value, NULL)
    }, error = function(e) {
      msg <- conditionMessage(e)
      if (isTRUE(ctx$sanitize)) msg <- sanitize_error_message(msg)
      if (traced) {
        verbose_log(ctx$verbose, "Tool result: ", name, " -> error: ", msg)
        if (!is.null(ctx$audit)) ctx$audit("tool_result", tool = name, error = msg)
      }
      list("error", NULL, msg)
    }, interrupt = function(e) list("interrupt", NULL, "interrupted"))
  }
}

# The output handler as the C glue calls it: TRUE when interrupted.
wrap_handler <- function(handler) {
  if (is.null(handler)) return(NULL)
  function(line) tryCatch({
    handler(line)
    FALSE
  }, error = function(e) FALSE, interrupt = function(e) TRUE)
}

backend_label <- function(backend)
  if (identical(backend, "none")) "none (unsandboxed)" else backend

securer_condition <- function(msg, class, ...)
  structure(class = c(class, "securer_error", "error", "condition"),
            list(message = msg, call = NULL, ...))

# Turns what an execute returned (src/host.c, execute_result) into the
# value, or an R error; logs and audits it.  Shared by the pool.
finish_execute <- function(res, timeout, ctx) {
  el <- res$duration_ms / 1000
  out <- res$output
  kind <- res$kind
  if (identical(kind, "none")) {
    if (!is.null(res$why_no_value)) {
      msg <- paste0("the value of the code cannot be returned as data: ", res$why_no_value)
      verbose_log(ctx$verbose, "Execution error: ", msg, " (", elapsed_label(el), ")")
      if (!is.null(ctx$audit)) ctx$audit("execute_error", error = msg, elapsed = el)
      stop(securer_condition(msg, "securer_value_error", repr = res$repr, output = out))
    }
    verbose_log(ctx$verbose, "Execution complete (", elapsed_label(el), ")")
    if (!is.null(ctx$audit)) ctx$audit("execute_complete", elapsed = el)
    value <- res$value
    if (!is.null(value) && (length(out) || res$dropped > 0)) {
      attr(value, "output") <- out
      if (res$dropped > 0) attr(value, "output_dropped") <- res$dropped
    }
    if (isTRUE(res$truncated) && !is.null(value)) attr(value, "output_truncated") <- TRUE
    return(if (isTRUE(res$visible)) value else invisible(value))
  }
  if (identical(kind, "timeout")) {
    label <- if (identical(timeout, 1) || identical(timeout, 1L)) "1 second"
             else paste(format(timeout), "seconds")
    verbose_log(ctx$verbose, "Execution timed out after ", format(timeout), "s")
    if (!is.null(ctx$audit)) ctx$audit("execute_timeout", timeout_secs = timeout)
    stop(securer_condition(paste0("Execution timed out after ", label,
                                  "; the sandbox was killed and a fresh R session started: ",
                                  "the session's variables are gone"),
                           "securer_timeout", output = out))
  }
  if (identical(kind, "interrupted")) {
    verbose_log(ctx$verbose, "Execution interrupted (", elapsed_label(el), ")")
    if (!is.null(ctx$audit)) ctx$audit("execute_error", error = "interrupted", elapsed = el)
    .Call(C_raise_interrupt)
    stop(securer_condition(paste0("Execution interrupted; the sandbox was killed and a ",
                                  "fresh R session started"), "securer_interrupted"))
  }
  msg <- res$message
  if (identical(kind, "limit")) {
    m <- regmatches(msg, regexec("^more than ([0-9]+) tool calls in one execute", msg))[[1L]]
    if (length(m)) msg <- sprintf("Maximum tool calls (%s) exceeded", m[[2L]])
  }
  if (isTRUE(res$state_lost) && !identical(kind, "failed"))
    msg <- paste0(msg, " (a fresh R session was started: the session's variables are gone)")
  if (isTRUE(ctx$sanitize)) msg <- sanitize_error_message(msg)
  verbose_log(ctx$verbose, "Execution error: ", msg, " (", elapsed_label(el), ")")
  if (!is.null(ctx$audit)) ctx$audit("execute_error", error = msg, elapsed = el)
  stop(securer_condition(msg, paste0("securer_", kind, "_error"), kind = kind,
                         traceback = res$traceback, output = out))
}

check_code <- function(code, max_code_length) {
  if (!is.character(code) || length(code) != 1L || is.na(code))
    stop("`code` must be a single character string", call. = FALSE)
  if (!is.null(max_code_length) && nchar(code, type = "chars") > max_code_length)
    stop(sprintf("Code exceeds the maximum length (%d characters > %d)",
                 nchar(code, type = "chars"), as.integer(max_code_length)), call. = FALSE)
}

check_timeout <- function(timeout) {
  if (!is.null(timeout) && (!is.numeric(timeout) || length(timeout) != 1L ||
                            is.na(timeout) || timeout <= 0))
    stop("`timeout` must be a positive number of seconds, or NULL", call. = FALSE)
}

#' @export
SecureSession <- R6::R6Class("SecureSession", cloneable = FALSE,
  public = list(
    initialize = function(tools = list(), sandbox = FALSE, limits = NULL, verbose = FALSE,
                          sandbox_strict = FALSE, audit_log = NULL, max_executions = NULL,
                          pre_execute_hook = NULL, sanitize_errors = FALSE, policy = NULL) {
      private$tool_list <- normalize_tools(tools)
      if (!is.null(pre_execute_hook) && !is.function(pre_execute_hook))
        stop("`pre_execute_hook` must be a function or NULL", call. = FALSE)
      if (!is.null(max_executions) && (!is.numeric(max_executions) ||
                                       length(max_executions) != 1L || max_executions < 1))
        stop("`max_executions` must be a positive number or NULL", call. = FALSE)
      private$sandbox <- sandbox
      private$hook <- pre_execute_hook
      private$max_executions <- max_executions
      private$session_id <- basename(tempfile("sess_"))
      ctx <- new.env(parent = emptyenv())
      ctx$verbose <- isTRUE(verbose)
      ctx$sanitize <- isTRUE(sanitize_errors)
      ctx$audit <- if (!is.null(audit_log)) new_audit_logger(audit_log, private$session_id)
      private$ctx <- ctx
      private$ptr <- .Call(C_session_new, c(policy_texts(policy), limits_json(limits)),
                           sandbox, tool_spec(private$tool_list),
                           make_dispatch(private$tool_list, ctx))
      private$start()
    },

    execute = function(code, timeout = 30, validate = TRUE, output_handler = NULL,
                       max_tool_calls = NULL, max_code_length = 100000L,
                       max_output_lines = NULL) {
      if (is.null(private$ptr)) stop("Session is not running", call. = FALSE)
      if (private$executing)
        stop("SecureSession does not support concurrent execute() calls; ",
             "wait for the current execution to complete", call. = FALSE)
      check_code(code, max_code_length)
      check_timeout(timeout)
      if (!is.null(output_handler) && !is.function(output_handler))
        stop("`output_handler` must be a function or NULL", call. = FALSE)
      if (isTRUE(validate)) {
        why <- syntax_error(code)
        if (!is.null(why))
          stop("Code has a syntax error and was not executed:\n", why, call. = FALSE)
      }
      if (!is.null(private$hook) && !isTRUE(private$hook(code)))
        stop("Execution blocked by pre_execute_hook", call. = FALSE)
      if (!is.null(private$max_executions) && private$n_executions >= private$max_executions)
        stop(sprintf("Maximum executions (%d) reached for this session",
                     as.integer(private$max_executions)), call. = FALSE)
      private$n_executions <- private$n_executions + 1
      ctx <- private$ctx
      if (!is.null(ctx$audit)) ctx$audit("execute_start", code = truncate_code(code))
      private$executing <- TRUE
      on.exit(private$executing <- FALSE)
      res <- .Call(C_session_execute, private$ptr, enc2utf8(code), timeout, max_tool_calls,
                   wrap_handler(output_handler), max_output_lines)
      finish_execute(res, timeout, ctx)
    },

    close = function() {
      if (!is.null(private$ptr)) {
        if (!is.null(private$ctx$audit)) private$ctx$audit("session_close")
        verbose_log(private$ctx$verbose, "Session closed")
        .Call(C_session_close, private$ptr)
        private$ptr <- NULL
      }
      invisible(self)
    },

    is_alive = function() {
      !is.null(private$ptr) && !is.na(.Call(C_session_info, private$ptr)[[1L]])
    },

    restart = function() {
      if (is.null(private$ptr)) stop("Session is not running", call. = FALSE)
      if (private$executing)
        stop("Cannot restart while an execution is in progress", call. = FALSE)
      verbose_log(private$ctx$verbose, "Restarting session")
      if (!is.null(private$ctx$audit)) private$ctx$audit("session_restart")
      why <- .Call(C_session_restart, private$ptr)
      if (nzchar(why)) stop("cannot restart the sandboxed R session: ", why, call. = FALSE)
      invisible(self)
    },

    tools = function() {
      lapply(private$tool_list, function(t)
        list(name = t@name, description = t@description, args = t@args))
    },

    format = function(...) {
      info <- if (is.null(private$ptr)) list(NA_integer_, private$backend)
              else .Call(C_session_info, private$ptr)
      sprintf("<SecureSession> [%s] pid=%s sandbox=%s tools=%d",
              if (is.na(info[[1L]])) "stopped" else "running",
              if (is.na(info[[1L]])) "NA" else info[[1L]],
              backend_label(if (is.null(private$ptr)) private$backend else info[[2L]]),
              length(private$tool_list))
    },

    print = function(...) {
      cat(self$format(), "\n", sep = "")
      invisible(self)
    },

    # The backend confining the session: "bwrap" (sandbox = TRUE here) or
    # "none" (sandbox = FALSE, unsandboxed).  An addition to securer 0.2.0.
    sandbox_backend = function() private$backend,
    pid = function() if (is.null(private$ptr)) NA_integer_
                     else .Call(C_session_info, private$ptr)[[1L]]
  ),

  private = list(
    ptr = NULL,
    tool_list = list(),
    sandbox = NULL,
    backend = NA_character_,
    ctx = NULL,
    hook = NULL,
    max_executions = NULL,
    n_executions = 0,
    session_id = NULL,
    executing = FALSE,

    start = function() {
      why <- .Call(C_session_start, private$ptr)
      if (nzchar(why)) {
        .Call(C_session_close, private$ptr)
        private$ptr <- NULL
        stop(if (isFALSE(private$sandbox)) "cannot start the R session: "
             else "cannot start the sandboxed R session (securer never runs code unsandboxed in its place): ",
             why, call. = FALSE)
      }
      info <- .Call(C_session_info, private$ptr)
      private$backend <- info[[2L]]
      verbose_log(private$ctx$verbose, sprintf("Session started (sandbox=%s, pid=%s)",
                                               backend_label(private$backend), info[[1L]]))
      if (!is.null(private$ctx$audit))
        private$ctx$audit("session_start", sandbox = !identical(private$backend, "none"),
                          backend = private$backend, pid = info[[1L]])
    }
  )
)
