# securer_tool(): a host R function the sandboxed code can call by name.
#
# securer 0.2.0's tools are S7 objects read with `@`.  S7 is not available
# here, so a tool is an S4 object of class "securer_tool": `@name`, `@fn`...
# work as they did, `$name` as in securer 0.1, and inherits(x,
# "securer_tool") is TRUE.

#' @export
setClass("securer_tool", representation(name = "character",
                                        description = "character",
                                        fn = "function", args = "list"))

#' @export
setMethod("$", "securer_tool", function(x, name) methods::slot(x, name))

setMethod("show", "securer_tool", function(object) cat(format(object), sep = "\n"))

#' @export
format.securer_tool <- function(x, ...) {
  args <- if (length(x@args)) paste0(names(x@args), ": ",
                                      vapply(x@args, function(t) if (nzchar(t)) t else "any", ""),
                                      collapse = ", ")
          else ""
  c(sprintf("<securer_tool> %s(%s)", x@name, args),
    if (nzchar(x@description)) paste0("  ", x@description))
}

#' @export
print.securer_tool <- function(x, ...) {
  cat(format(x), sep = "\n")
  invisible(x)
}

ARG_TYPES <- c("numeric", "character", "logical", "integer", "list", "data.frame")

R_RESERVED <- c("if", "else", "repeat", "while", "function", "for", "next", "break",
                "TRUE", "FALSE", "NULL", "Inf", "NaN", "NA", "NA_integer_", "NA_real_",
                "NA_character_", "NA_complex_", "in")

# Names the sandboxed code calls: R identifiers that the library's protocol
# also takes (letters, digits and underscores, at most 64, no dot).
check_identifier <- function(x, what) {
  if (!is.character(x) || length(x) != 1L || is.na(x) ||
      !grepl("^[A-Za-z][A-Za-z0-9_]{0,63}$", x) || x %in% R_RESERVED)
    stop(sprintf(paste0("%s must be an R identifier of letters, digits and underscores ",
                        "(at most 64, starting with a letter, not a reserved word): %s"),
                 what, if (is.character(x) && length(x) == 1L) sQuote(x, FALSE)
                       else paste(deparse(x), collapse = " ")),
         call. = FALSE)
  x
}

#' Define a tool that sandboxed code can call
#' @export
securer_tool <- function(name, description, fn, args = list(), handler = NULL) {
  # orchestr writes securer_tool(..., handler = function(code) ...)
  if (missing(fn) && !is.null(handler)) fn <- handler
  if (!is.character(name) || length(name) != 1L || is.na(name) || !nzchar(name))
    stop("`name` must be a single non-empty string", call. = FALSE)
  check_identifier(name, "A tool name")
  if (!is.character(description) || length(description) != 1L || is.na(description))
    stop("`description` must be a single string", call. = FALSE)
  if (!is.function(fn)) stop("`fn` must be a function", call. = FALSE)
  if (is.character(args)) args <- as.list(args)
  if (!is.list(args)) stop("`args` must be a named list of type strings", call. = FALSE)
  if (length(args)) {
    nm <- names(args)
    if (is.null(nm) || any(!nzchar(nm)))
      stop("`args` must be a named list: list(x = \"numeric\")", call. = FALSE)
    for (a in nm) check_identifier(a, sprintf("Tool '%s': an argument name", name))
    if (anyDuplicated(nm)) stop(sprintf("Tool '%s': argument names repeat", name), call. = FALSE)
    for (a in nm) {
      t <- args[[a]]
      if (is.null(t) || (length(t) == 1L && is.na(t))) t <- ""
      if (!is.character(t) || length(t) != 1L)
        stop(sprintf("Tool '%s': the type of argument '%s' must be a string", name, a),
             call. = FALSE)
      if (nzchar(t) && !(t %in% ARG_TYPES)) {
        warning(sprintf("Tool '%s': argument '%s' has an unknown type '%s'; it is not checked",
                        name, a, t), call. = FALSE)
        t <- ""
      }
      args[[a]] <- t
    }
  }
  methods::new("securer_tool", name = name, description = description, fn = fn,
               args = args)
}

# A list of securer_tool objects, from what SecureSession$new(tools = ...)
# accepts: such a list, or the old named list of functions (deprecated).
normalize_tools <- function(tools) {
  if (is.null(tools) || length(tools) == 0L) return(list())
  if (methods::is(tools, "securer_tool")) tools <- list(tools)
  if (!is.list(tools)) stop("`tools` must be a list of securer_tool() objects", call. = FALSE)
  if (!is.null(names(tools)) && all(vapply(tools, is.function, NA))) {
    .Deprecated(msg = paste("Passing tools as a named list of functions is deprecated.",
                            "Use securer_tool() objects instead."))
    tools <- Map(function(name, fn) {
      a <- setdiff(names(formals(fn)), "...")
      securer_tool(name, "", fn, args = stats::setNames(as.list(rep("", length(a))), a))
    }, names(tools), tools)
  }
  for (t in tools)
    if (!methods::is(t, "securer_tool"))
      stop("Each tool must be created with securer_tool()", call. = FALSE)
  names(tools) <- vapply(tools, function(t) t@name, "")
  if (anyDuplicated(names(tools)))
    stop("Duplicate tool names: ", paste(unique(names(tools)[duplicated(names(tools))]),
                                         collapse = ", "), call. = FALSE)
  tools
}

# What the C glue registers with the library: name, description, argument
# names (every argument is a typed value to the library).
tool_spec <- function(tools) {
  unname(lapply(tools, function(t) list(t@name, t@description, names(t@args) %||% character(0))))
}

`%||%` <- function(a, b) if (is.null(a)) b else a

type_ok <- function(x, type) {
  switch(type,
    numeric = is.numeric(x), character = is.character(x), logical = is.logical(x),
    integer = is.integer(x), list = is.list(x), data.frame = is.data.frame(x),
    TRUE)
}

# The R-side check of the arguments a tool call brought, as securer 0.2.0
# worded it.
check_tool_args <- function(tool, args) {
  for (a in names(tool@args)) {
    type <- tool@args[[a]]
    if (nzchar(type) && !type_ok(args[[a]], type))
      stop(sprintf("Tool '%s': argument '%s' must be %s, got %s", tool@name, a, type,
                   class(args[[a]])[1L]), call. = FALSE)
  }
}
