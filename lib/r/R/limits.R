#' Default resource limits for sandboxed sessions
#'
#' The limits every session gets when `limits` is NULL: securer's policy
#' defaults (docs/policy.md), under securer 0.2.0's names.
#' @export
default_limits <- function() {
  list(cpu = 60, memory = 1024^3, fsize = 64 * 1024^2, nproc = 256, nofile = 256,
       stack = 8 * 1024^2)
}

LIMIT_KEYS <- c(cpu = "cpu_seconds", memory = "address_space_bytes",
                fsize = "file_size_bytes", nproc = "processes", nofile = "open_files",
                stack = "stack_bytes")

# The policy JSON for a limits list.  A limit not named keeps securer's
# default; Inf lifts one (the library's explicit 0).
limits_json <- function(limits) {
  if (is.null(limits) || length(limits) == 0L) return(character(0))
  if (!is.list(limits) && !is.numeric(limits))
    stop("`limits` must be a named list, e.g. list(cpu = 10)", call. = FALSE)
  limits <- as.list(limits)
  nm <- names(limits)
  if (is.null(nm) || any(!nzchar(nm))) stop("`limits` must be a named list", call. = FALSE)
  unknown <- setdiff(nm, names(LIMIT_KEYS))
  if (length(unknown))
    stop("Unknown limit name(s): ", paste(unknown, collapse = ", "),
         ". Valid names: ", paste(names(LIMIT_KEYS), collapse = ", "), call. = FALSE)
  parts <- character(0)
  for (n in nm) {
    v <- limits[[n]]
    if (!is.numeric(v) || length(v) != 1L || is.na(v) || v <= 0)
      stop("Limit '", n, "' must be a single positive number, got: ",
           paste(deparse(v), collapse = " "), call. = FALSE)
    v <- if (is.infinite(v)) 0 else ceiling(v)
    parts <- c(parts, sprintf('"%s":%.0f', LIMIT_KEYS[[n]], v))
    # `memory` is the session's memory: each process's address space and,
    # where a memory cgroup can be made, all its processes together.
    if (n == "memory") parts <- c(parts, sprintf('"memory_bytes":%.0f', v))
  }
  sprintf('{"limits":{%s}}', paste(parts, collapse = ","))
}

# A `policy` argument: JSON text, a path to a JSON file, or a list.
policy_texts <- function(policy) {
  if (is.null(policy)) return(character(0))
  if (is.list(policy)) return(as.character(jsonlite::toJSON(policy, auto_unbox = TRUE)))
  if (!is.character(policy) || length(policy) != 1L || is.na(policy))
    stop("`policy` must be JSON text, a JSON file or a list", call. = FALSE)
  if (!grepl("^\\s*\\{", policy) && file.exists(policy))
    return(paste(readLines(policy, warn = FALSE), collapse = "\n"))
  policy
}
