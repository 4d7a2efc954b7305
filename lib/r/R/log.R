# Verbose lines, the audit log, and error sanitizing.

verbose_log <- function(on, ...) if (isTRUE(on)) message("[securer] ", ...)

# An audit logger: one JSON object per line, appended to |path| (created
# 0600): timestamp, event, session_id and the event's fields.
new_audit_logger <- function(path, session_id) {
  if (!is.character(path) || length(path) != 1L || is.na(path) || !nzchar(path))
    stop("`audit_log` must be a file path", call. = FALSE)
  if (!file.exists(path)) {
    old <- Sys.umask("077")
    on.exit(Sys.umask(old))
    if (!file.create(path)) stop("cannot create the audit log ", path, call. = FALSE)
  }
  function(event, ...) {
    fields <- list(...)
    fields <- fields[!vapply(fields, is.null, NA)]
    entry <- c(list(timestamp = format(Sys.time(), "%Y-%m-%dT%H:%M:%OS3Z", tz = "UTC"),
                    event = event, session_id = session_id), fields)
    line <- tryCatch(as.character(jsonlite::toJSON(entry, auto_unbox = TRUE, null = "null",
                                                   na = "null", digits = NA, force = TRUE)),
                     error = function(e) sprintf('{"event":"%s","error":"unloggable"}', event))
    con <- file(path, open = "a")
    on.exit(close(con))
    writeLines(line, con, useBytes = TRUE)
  }
}

truncate_code <- function(code, max = 10000L) {
  if (nchar(code) > max) paste0(substr(code, 1L, max), "...[truncated]") else code
}

#' Strip paths, process ids, addresses and host names from an error message
#' @export
sanitize_error_message <- function(msg) {
  if (!is.character(msg)) return(msg)
  host <- tryCatch(Sys.info()[["nodename"]], error = function(e) "")
  msg <- gsub("(?<![A-Za-z0-9])(/[A-Za-z0-9._~+-]+)+/?", "<path>", msg, perl = TRUE)
  msg <- gsub("\\b[Pp][Ii][Dd][ =:]*[0-9]+", "pid <pid>", msg, perl = TRUE)
  msg <- gsub("\\b([0-9]{1,3}\\.){3}[0-9]{1,3}\\b", "<address>", msg, perl = TRUE)
  if (nzchar(host)) msg <- gsub(host, "<host>", msg, fixed = TRUE)
  msg
}

# How a tool call looks in the verbose log: query_db(table="iris", limit=3)
format_call <- function(name, args) {
  one <- function(x) {
    if (is.character(x) && length(x) == 1L && !is.na(x)) return(encodeString(x, quote = "\""))
    if (is.atomic(x) && length(x) == 1L && is.null(dim(x))) return(format(x))
    sprintf("<%s[%d]>", class(x)[1L], length(x))
  }
  sprintf("%s(%s)", name, paste(names(args), vapply(args, one, ""), sep = "=", collapse = ", "))
}

elapsed_label <- function(secs) sprintf("%.2fs", secs)
