  # ---- tools -----------------------------------------------------------------

  describe <- function(x) {
    if (is.null(x)) return("NULL")
    if (is.data.frame(x)) return("a data frame")
    if (is.list(x)) return(if (is.null(names(x))) "an unnamed list" else "a named list")
    if (is.atomic(x) && length(x) != 1L)
      return(sprintf("a %s vector of length %d", class(x)[1L], length(x)))
    if (is.atomic(x) && is.na(x)) return("NA")
    class(x)[1L]
  }

  num_json <- function(x) {
    s <- sprintf("%.15g", x)
    if (as.numeric(s) != x) s <- sprintf("%.17g", x)   # keep every bit
    s
  }

  # The JSON text of one argument, after checking it has the declared type.
  arg_json <- function(tool, arg, type, x, call) {
    bad <- function(what)
      stop(simpleError(sprintf("%s(): argument '%s' must be %s, not %s",
                               tool, arg, what, describe(x)), call))
    as_json <- function(x, unbox) {
      j <- base_json(x, unbox)
      if (!is.null(j)) return(j)
      j <- tryCatch(to_json(x, auto_unbox = unbox, null = "null", na = "null",
                            digits = NA),
                    error = function(e) e)
      if (inherits(j, "error"))
        stop(simpleError(sprintf("%s(): argument '%s' cannot be sent as JSON: %s",
                                 tool, arg, conditionMessage(j)), call))
      as.character(j)
    }
    switch(type,
      string = if (is_string(x)) json_str(enc2utf8(x)) else bad("a string"),
      number = if (is.numeric(x) && length(x) == 1L && is.finite(x)) num_json(x)
               else bad("a finite number"),
      integer = if (is_whole(x)) sprintf("%.0f", x) else bad("an integer"),
      boolean = if (is.logical(x) && length(x) == 1L && !is.na(x)) {
                  if (x) "true" else "false"
                } else bad("TRUE or FALSE"),
      object = {
        nm <- names(x)
        if (!is.list(x) || is.data.frame(x) ||
            (length(x) > 0L && (is.null(nm) || anyNA(nm) || !all(nzchar(nm)))))
          bad("a named list")
        if (length(x) == 0L) "{}" else as_json(x, TRUE)
      },
      array = {
        if (is.atomic(x) && !is.null(x)) as_json(x, FALSE)   # length 1 stays [x]
        else if (is.list(x) && (is.null(names(x)) || is.data.frame(x))) as_json(x, TRUE)
        else bad("a vector or an unnamed list")
      })
  }

  # The body of every tool: check the arguments in the caller's frame, send
  # tool_call, wait for the matching tool_result (rule 3).
  .securer_call <- function(name) {
    frame <- parent.frame()
    call <- sys.call(-1L)
    spec <- tools[[name]]
    n <- length(spec$args)
    for (i in seq_len(n))
      if (eval(spec$missing[[i]], frame))
        stop(simpleError(sprintf("%s(): argument '%s' is missing", name,
                                 spec$args[[i]]), call))
    values <- mget(spec$args, envir = frame)          # forces the promises
    parts <- character(n)
    for (i in seq_len(n))
      parts[[i]] <- if (TYPED) typed_arg(name, spec$args[[i]], values[[i]], call)
                    else arg_json(name, spec$args[[i]], spec$types[[i]], values[[i]], call)
    if (Sys.getpid() != runtime_pid)
      stop(simpleError(sprintf(paste0("%s(): tools can only be called from the ",
                                      "session's own process, not a fork"), name), call))
    id <- st$call_id <- st$call_id + 1L
    line <- paste0('{"type":"tool_call","id":', id, spec$tail,
                   paste0(spec$keys, parts, collapse = ","), "}}")
    if (!validUTF8(line))
      stop(simpleError(sprintf("%s(): the arguments are not valid UTF-8", name), call))
    size <- nchar(line, type = "bytes")
    if (size > MESSAGE_LIMIT)
      stop(simpleError(sprintf(paste0("%s(): the arguments are too large ",
                                      "(%d bytes of JSON; the limit is %d)"),
                               name, size, MESSAGE_LIMIT), call))
    send(line)
    reply <- receive()
    rid <- reply[["id"]]
    if (!identical(reply[["type"]], "tool_result") || !is_whole(rid) || rid != id)
      fatal(sprintf("expected tool_result %d, got %s", id, reply[["type"]]))
    keys <- names(reply)
    if ("error" %in% keys) {
      if (!is_string(reply[["error"]]) || "value" %in% keys)
        fatal(sprintf("tool_result %d: error must be a string, alone", id))
      stop(structure(class = c("securer_tool_error", "error", "condition"),
                     list(message = reply[["error"]], call = call)))
    }
    if (!("value" %in% keys)) fatal(sprintf("tool_result %d has neither value nor error", id))
    if (TYPED) from_typed(reply[["value"]]) else reply[["value"]]
  }

