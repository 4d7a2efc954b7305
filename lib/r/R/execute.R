#' Execute R code in a fresh sandboxed session
#' @export
execute_r <- function(code, tools = list(), timeout = 30, sandbox = TRUE, limits = NULL,
                      verbose = FALSE, validate = TRUE, sandbox_strict = FALSE,
                      audit_log = NULL, policy = NULL) {
  session <- SecureSession$new(tools = tools, sandbox = sandbox, limits = limits,
                               verbose = verbose, sandbox_strict = sandbox_strict,
                               audit_log = audit_log, policy = policy)
  on.exit(session$close())
  session$execute(code, timeout = timeout, validate = validate)
}

#' Run a function with a session that is closed afterwards
#' @export
with_secure_session <- function(fn, tools = list(), sandbox = TRUE, ...) {
  if (!is.function(fn)) stop("`fn` must be a function of the session", call. = FALSE)
  session <- SecureSession$new(tools = tools, sandbox = sandbox, ...)
  on.exit(session$close())
  fn(session)
}
