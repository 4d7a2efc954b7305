#' Validate R code before execution
#'
#' Parses the code (nothing is evaluated) and lists calls that the sandbox
#' will probably refuse.  Returns list(valid, error, warnings).
#' @export
validate_code <- function(code) {
  if (!is.character(code) || length(code) != 1L || is.na(code))
    stop("`code` must be a single character string", call. = FALSE)
  parsed <- tryCatch(parse(text = code, keep.source = FALSE), error = function(e) e)
  if (inherits(parsed, "error"))
    return(list(valid = FALSE, error = conditionMessage(parsed), warnings = character(0)))
  pd <- utils::getParseData(parse(text = code, keep.source = TRUE))
  heads <- unique(pd$text[pd$token == "SYMBOL_FUNCTION_CALL"])
  dangerous <- c("system", "system2", "shell", ".Internal", "Sys.setenv", "pipe",
                 "socketConnection", "url", "download.file", "dyn.load")
  hit <- intersect(dangerous, heads)
  list(valid = TRUE, error = NULL,
       warnings = if (length(hit)) paste0("Code contains call to `", hit,
                                          "()` which may be restricted by the sandbox")
                  else character(0))
}

# The parse error of |code|, or NULL: validate_code()'s first half, for
# $execute(validate = TRUE).  Parsing builds the expressions and runs none.
syntax_error <- function(code) {
  e <- tryCatch({
    parse(text = code, keep.source = FALSE)
    NULL
  }, error = function(e) e)
  if (is.null(e)) NULL else conditionMessage(e)
}
