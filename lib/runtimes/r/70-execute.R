  # ---- execute ---------------------------------------------------------------

  # Warnings are collected and printed after the execute, as the REPL prints
  # them after a top-level call: this runtime's loop never returns to R's top
  # level, so R's own deferred warnings would never appear.
  # options(warn) is honoured: < 0 drops warnings, 1 prints them at once,
  # >= 2 lets R turn them into errors.
  on_warning <- function(w) {
    warn <- getOption("warn")
    warn <- if (is.numeric(warn) && length(warn) == 1L && !is.na(warn)) warn else 0
    if (warn >= 2) return()
    if (warn >= 1) {
      call <- call_of(w)
      cat(if (is.null(call)) "Warning: "
          else paste0("Warning in ", deparse(call, nlines = 1L)[[1L]], " : "),
          conditionMessage(w), "\n", sep = "", file = stderr())
    } else if (warn >= 0) {
      if (length(st$warnings) < MAX_WARNINGS) st$warnings[[length(st$warnings) + 1L]] <- w
      else st$dropped <- st$dropped + 1L
    }
    invokeRestart("muffleWarning")
  }

  print_warnings <- function(after_error) {
    ws <- st$warnings
    n <- length(ws)
    if (n == 0L) return()
    one <- function(w, width) {
      msg <- conditionMessage(w)
      call <- call_of(w)
      if (is.null(call)) return(msg)
      dcall <- deparse(call, nlines = 1L)[[1L]]
      paste0("In ", dcall, " :",
             if (width + nchar(dcall) + nchar(msg) <= 75) " " else "\n  ", msg)
    }
    text <- if (n == 1L) c("Warning message:", one(ws[[1L]], 18))
            else c("Warning messages:",
                   paste0(seq_len(n), ": ", vapply(ws, one, "", width = 10)))
    if (after_error) text[[1L]] <- paste("In addition:", text[[1L]])
    if (st$dropped > 0L)
      text <- c(text, sprintf("... and %d more warnings", st$dropped))
    tryCatch(cat(text, sep = "\n", file = stderr()), error = function(e) NULL)
  }

  # Evaluates the parsed code, one top-level expression at a time, in
  # code_env; the value and visibility are the last expression's.  Its name
  # marks where the code's own frames begin in a traceback.
  .securer_run <- function(exprs) {
    res <- list(value = NULL, visible = FALSE)
    code_jit()
    on.exit(own_jit())
    for (i in seq_along(exprs)) {
      st$current <- i
      res <- withVisible(eval(exprs[[i]], code_env))
    }
    res
  }

  # A condition signalled by the code at top level (stop("x") outside any
  # function) carries .securer_run's eval() as its call: show none, as the
  # REPL would.
  EVAL_CALL <- quote(eval(exprs[[i]], code_env))
  call_of <- function(cond) {
    call <- conditionCall(cond)
    if (identical(call, EVAL_CALL)) NULL else call
  }

  # "at <execute 3>#5" for a srcref, "" without one.
  location <- function(ref) {
    if (is.null(ref)) return("")
    paste0(" at ", attr(ref, "srcfile")$filename, "#", ref[[1L]])
  }

  # The call stack at the error, R traceback() style, most recent first,
  # without the runtime's own frames (those below .securer_run, and those of
  # a tool's .securer_call).
  format_trace <- function(calls, cond, exprs) {
    heads <- vapply(calls, function(cl) {
      h <- if (is.call(cl)) cl[[1L]] else NULL
      if (is.name(h)) as.character(h) else ""
    }, "")
    start <- match(".securer_run", heads)
    # Drop .securer_run, withVisible, eval, eval and all below them, and the
    # calling handler's own frame at the top.
    user <- if (is.na(start)) list() else calls[-seq_len(start + 3L)]
    user <- user[-length(user)]
    uheads <- if (is.na(start)) character(0) else heads[-seq_len(start + 3L)]
    uheads <- uheads[-length(uheads)]
    stop_at <- match(c(".securer_call", ".handleSimpleError", ".signalSimpleWarning"), uheads)
    stop_at <- suppressWarnings(min(stop_at, na.rm = TRUE))
    if (is.finite(stop_at)) user <- user[seq_len(stop_at - 1L)]
    top_ref <- attr(exprs, "srcref")[[st$current]]
    n <- length(user)
    lines <- character(0)
    if (n > 0L) {
      keep <- if (n > MAX_FRAMES) c(seq_len(5L), (n - MAX_FRAMES + 6L):n) else seq_len(n)
      lines <- vapply(keep, function(i) {
        d <- deparse(user[[i]], nlines = 1L, width.cutoff = 100L)[[1L]]
        ref <- if (i == 1L) top_ref else attr(user[[i]], "srcref")
        paste0(i, ": ", d, location(ref))
      }, "")
      if (n > MAX_FRAMES) lines <- append(lines, sprintf("   ... %d frames omitted ...",
                                                        n - MAX_FRAMES), after = 5L)
      lines <- rev(lines)
    }
    call <- call_of(cond)
    msg <- conditionMessage(cond)
    first <- if (is.null(call)) paste("Error:", msg)
             else paste0("Error in ", deparse(call, nlines = 1L)[[1L]], " : ", msg)
    if (n == 0L && !is.null(top_ref))
      first <- paste0(first, "\n(", substring(location(top_ref), 2L), ")")
    paste(c(first, lines), collapse = "\n")
  }

  value_json <- function(v) {
    if (TYPED)
      return(tryCatch(typed_json(v), securer_unsendable = function(e)
        paste0('{"t":"unsent","why":', json_str(conditionMessage(e)), "}")))
    if (is.null(v)) return("null")
    # Closures have a JSON form in jsonlite (their source lines), but that is
    # not the value; environments, calls and S4 objects have none.
    if (is.function(v) || is.environment(v) || is.language(v) || isS4(v)) return("null")
    j <- base_json(v, TRUE)
    if (!is.null(j)) return(j)
    j <- tryCatch(to_json(v, auto_unbox = TRUE, null = "null", na = "null", digits = NA),
                  error = function(e) NULL)
    if (is.null(j) || length(j) != 1L || !validUTF8(j)) return("null")
    as.character(j)
  }

  # What print(v) writes, as utils::capture.output(print(v)) has it.
  capture_print <- function(where) {
    rval <- NULL
    file <- textConnection("rval", "w", local = TRUE)
    sink(file)
    code_jit()
    on.exit({
      own_jit()
      sink()
      close(file)
    })
    eval(quote(print(v)), where)
    on.exit()
    own_jit()
    sink()
    close(file)
    rval
  }

  # print() runs in a child of code_env, so that S3 dispatch finds the
  # print methods the code defined, as the REPL would.
  repr_of <- function(v) {
    if (is.null(v)) return("NULL")
    where <- new.env(parent = code_env)
    where$v <- v
    r <- tryCatch(capture_print(where),
                  error = function(e) paste0("<print() failed: ", conditionMessage(e), ">"))
    clean_text(r)
  }

  error_message <- function(id, kind, message, trace = NULL) {
    paste0('{"type":"error","id":', int_json(id), ',"kind":"', kind,
           '","message":', json_str(clean_text(message)),
           if (!is.null(trace)) paste0(',"traceback":', json_str(clean_text(trace))),
           "}")
  }

  execute <- function(id, code) {
    st$executes <- st$executes + 1L
    # Source references let tracebacks say "at <execute 3>#5", and let
    # functions print as written.
    name <- paste0("<execute ", st$executes, ">")
    srcfile <- tryCatch(srcfilecopy(name, code), error = function(e) NULL)
    exprs <- tryCatch(parse(text = code, keep.source = !is.null(srcfile),
                            srcfile = srcfile, encoding = "UTF-8"),
                      error = function(e) e)
    if (inherits(exprs, "error")) {
      msg <- conditionMessage(exprs)
      kind <- if (grepl(LIMIT_ERRORS, msg)) "limit" else "syntax"
      flush_std()
      return(send(error_message(id, kind, msg)))
    }

    st$warnings <- list()
    st$dropped <- 0L
    st$current <- 1L
    st$calls <- NULL
    out <- tryCatch(
      withRestarts(
        withCallingHandlers(.securer_run(exprs),
          error = function(e) st$calls <- sys.calls(),
          warning = on_warning),
        # invokeRestart("abort") would jump to R's top level, past this loop,
        # and end the script: stop it here instead.
        abort = function() simpleError("execution aborted by invokeRestart(\"abort\")")),
      error = function(e) e,
      interrupt = function(e) simpleError("interrupted"))

    if (inherits(out, "error")) {
      msg <- tryCatch(conditionMessage(out), error = function(e) "error")
      kind <- if (grepl(LIMIT_ERRORS, msg) || inherits(out, "stackOverflowError")) "limit"
              else "runtime"
      trace <- tryCatch(format_trace(as.list(st$calls), out, exprs),
                        error = function(e) NULL)
      st$calls <- NULL
      print_warnings(TRUE)
      flush_std()
      return(send(error_message(id, kind, msg, trace)))
    }

    if (!out$visible) {
      print_warnings(FALSE)
      flush_std()
      return(send(paste0('{"type":"result","id":', int_json(id), ',"value":null}')))
    }
    # Converting and printing may run the code's methods: their warnings
    # are the execute's too.
    res <- withCallingHandlers({
      repr <- json_str(repr_of(out$value))
      value <- value_json(out$value)
      list(repr = repr, value = value)
    }, warning = on_warning)
    value <- res$value
    size <- nchar(value, type = "bytes")
    if (size + nchar(res$repr, type = "bytes") + 64 > MESSAGE_LIMIT)   # the repr stands in
      value <- if (!TYPED) "null"
               else sprintf('{"t":"unsent","why":"it is too large (%.0f bytes as JSON, over the %.0f-byte message limit)"}',
                            size, MESSAGE_LIMIT)
    print_warnings(FALSE)
    flush_std()
    send(paste0('{"type":"result","id":', int_json(id), ',"value":', value,
                ',"repr":', res$repr, "}"))
  }

  repeat {
    msg <- receive()
    if (!identical(msg[["type"]], "execute"))
      fatal(paste("expected execute, got", msg[["type"]]))
    id <- msg[["id"]]
    code <- msg[["code"]]
    if (!is_whole(id) || id < 0 || !is_string(code))
      fatal("execute needs an integer id and a string code")
    execute(id, code)
    if (!st$warm && st$executes >= WARM_EXECUTES) {
      .Internal(enableJIT(st$jit))
      st$warm <- TRUE
    }
  }
}, envir = new.env(parent = baseenv()))
