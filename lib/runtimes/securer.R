# securer.R - the R runtime of a securer session (the child side).
#
# The host starts it inside the sandbox as `Rscript --vanilla
# --default-packages=NULL /proc/self/fd/5`, fd 5 holding this file.  It speaks
# the session protocol on fds 3 (from the host) and 4 (to the host);
# docs/protocol.md is the normative spec, this file only implements it.  Base
# R, and jsonlite for the JSON the base code leaves to it.  Before `ready` it
# does only what the protocol needs; the default packages come after, as
# stand-ins that load the real ones on first use (below).
#
# Shape of a session:
#   hello -> init -> ready, then for each execute: parse (syntax check, nothing
#   runs on error), evaluate in one environment kept across executes, answer
#   result or error.  Tools are functions with the declared formals; calling
#   one sends tool_call and blocks until the matching tool_result.
#
# The whole runtime is this one local() block, so R parses it once.  Its
# environment's parent is the base package, not the global environment: the
# runtime's names are out of the code's way, and the code's assignments
# (even `<<-` into the global environment) cannot shadow what it calls.

# R's script reader (Rscript FILE) parses one long expression in time that
# grows with the square of its length: seconds for this file.  parse() reads
# it in milliseconds, so the first expression parses the file itself and runs
# the second one, the runtime, which never returns: the script reader never
# sees the rest.
eval(parse(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE)[[1L]]),
           keep.source = FALSE)[[2L]], globalenv())

local({
  # The byte-code compiler compiles every closure of some size at its first
  # call: for this runtime's own functions that is most of its start (~80 ms
  # of ~110 before `ready`, ~60 ms more at the first execute).  So the
  # runtime's code runs uncompiled for the first WARM_EXECUTES executes, and
  # the code's own at the level R started with (st$jit), switched on around
  # it (.securer_run, print; tools run at the code's level).  A session that
  # lives longer has earned the compiling: from then on everything runs at
  # the code's level, as R would have it.
  jit_level <- .Internal(enableJIT(0L))
  WARM_EXECUTES <- 10L
  real_quit <- base::quit

  # The host's default message limit.  The child is not told the session's
  # actual limit, so it keeps its own messages under the default: a longer
  # line would be a protocol error that costs the whole sandbox.
  MESSAGE_LIMIT <- 1048576
  TEXT_LIMIT <- 65536        # repr, message and traceback, in bytes
  MAX_WARNINGS <- 50L        # as many as R itself keeps
  MAX_FRAMES <- 40L          # traceback lines kept (the most recent ones)
  # Errors that mean the code ran out of a resource: error kind "limit".
  LIMIT_ERRORS <- paste0("cannot allocate|memory exhausted|vector memory|",
                         "evaluation nested too deeply|C stack usage|",
                         "stack overflow")

  runtime <- environment()
  runtime_pid <- Sys.getpid()
  # State that changes: the tool call counter and the per-execute records.
  st <- new.env(parent = emptyenv())
  st$call_id <- 0L
  st$executes <- 0L
  st$jit <- jit_level
  st$warm <- FALSE
  code_jit <- function() if (!st$warm) .Internal(enableJIT(st$jit))
  own_jit <- function() if (!st$warm) st$jit <- .Internal(enableJIT(0L))

  fatal <- function(what) {
    cat("securer.R: ", what, "\n", sep = "", file = stderr())
    real_quit(save = "no", status = 2L, runLast = FALSE)
  }

  flush_std <- function() {
    flush(stdout())
    flush(stderr())
  }

  # ---- JSON ------------------------------------------------------------------
  # Messages are read and written in base R: jsonlite costs ~100 ms to load
  # (it loads methods), more than the rest of a session's start.  jsonlite is
  # loaded only for what the base code below does not take on (data frames,
  # factors, matrices, partly named lists, mixed arrays, long messages...),
  # and then gives the answer it always gave: the base code takes a value
  # only where its output is jsonlite's (checked against jsonlite, value by
  # value, in lib/tests/r_json_check.R).
  jsonlite_fn <- function(name) getExportedValue(loadNamespace("jsonlite"), name)
  to_json <- function(...) jsonlite_fn("toJSON")(...)
  from_json <- function(...) jsonlite_fn("fromJSON")(...)

  SPECIAL <- "[\"\\\\\\x00-\\x1f]"
  # JSON string literals for a character vector of valid UTF-8 without NA.
  json_strs <- function(x) {
    need <- grepl(SPECIAL, x, useBytes = TRUE, perl = TRUE)
    if (any(need)) {
      y <- x[need]
      y <- gsub("\\", "\\\\", y, fixed = TRUE, useBytes = TRUE)
      y <- gsub("\"", "\\\"", y, fixed = TRUE, useBytes = TRUE)
      y <- gsub("\n", "\\n", y, fixed = TRUE, useBytes = TRUE)
      y <- gsub("\r", "\\r", y, fixed = TRUE, useBytes = TRUE)
      y <- gsub("\t", "\\t", y, fixed = TRUE, useBytes = TRUE)
      y <- gsub("\b", "\\b", y, fixed = TRUE, useBytes = TRUE)
      y <- gsub("\f", "\\f", y, fixed = TRUE, useBytes = TRUE)
      ctl <- grepl("[\\x00-\\x1f]", y, useBytes = TRUE, perl = TRUE)
      if (any(ctl)) {
        z <- y[ctl]
        m <- gregexpr("[\\x00-\\x1f]", z, useBytes = TRUE, perl = TRUE)
        regmatches(z, m) <- lapply(regmatches(z, m), function(ch)
          sprintf("\\u%04x", vapply(ch, function(c) as.integer(charToRaw(c)), 0L)))
        y[ctl] <- z
      }
      x[need] <- y
    }
    s <- paste0("\"", x, "\"")
    Encoding(s) <- "UTF-8"
    s
  }

  # jsonlite::toJSON(x, auto_unbox = unbox, null = "null", na = "null",
  # digits = NA) for plain values: NULL, atomic vectors without attributes
  # other than names (dropped, as jsonlite drops them), and lists of those,
  # either unnamed or with every name set and distinct.  NULL when x is
  # anything else: the caller asks jsonlite.
  base_json <- function(x, unbox, depth = 0L) {
    if (depth > 32L) return(NULL)
    if (is.null(x)) return("null")
    a <- attributes(x)
    if (!is.null(a) && !identical(names(a), "names")) return(NULL)
    one <- unbox && length(x) == 1L
    s <- switch(typeof(x),
      logical = {
        s <- c("false", "true")[x + 1L]
        s[is.na(x)] <- "null"
        s
      },
      integer = {
        s <- as.character(unname(x))
        s[is.na(x)] <- "null"
        s
      },
      double = {
        s <- sprintf("%.15g", x)
        s[!is.finite(x)] <- "null"
        s
      },
      character = {
        if (!all(validUTF8(x))) return(NULL)
        s <- character(length(x))
        na <- is.na(x)
        s[na] <- "null"
        if (!all(na)) s[!na] <- json_strs(enc2utf8(x[!na]))
        s
      },
      list = {
        nm <- names(x)
        if (!length(x)) return(if (is.null(nm)) "[]" else "{}")
        items <- vector("character", length(x))
        for (i in seq_along(x)) {
          j <- base_json(x[[i]], unbox, depth + 1L)
          if (is.null(j)) return(NULL)
          items[[i]] <- j
        }
        if (is.null(nm)) return(paste0("[", paste(items, collapse = ","), "]"))
        if (anyNA(nm) || !all(nzchar(nm)) || anyDuplicated(nm) || !all(validUTF8(nm)))
          return(NULL)
        return(paste0("{", paste0(json_strs(enc2utf8(nm)), ":", items, collapse = ","), "}"))
      },
      return(NULL))
    if (one) s else paste0("[", paste(s, collapse = ","), "]")
  }

  # A JSON text, read as jsonlite::fromJSON reads it with simplifyVector =
  # simplify (and, for typed values, no data frames or matrices: "lists").
  # The base reader takes texts of at most MAX_TOKENS tokens whose arrays
  # hold scalars of one JSON type (and nulls), or objects only with simplify
  # = "lists", or anything with simplify = FALSE; numbers of at most 15
  # digits.  It returns
  # NOT_BASE for anything else, and the caller asks jsonlite.
  NOT_BASE <- structure(list(), class = "securer_not_base")
  NOT_BASE_COND <- structure(class = c("securer_not_base", "error", "condition"),
                             list(message = "not for the base reader", call = NULL))
  MAX_TOKENS <- 4096L
  TOKEN <- paste0('"[^"\\\\]*(?:\\\\.[^"\\\\]*)*"|-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?',
                  '(?:[eE][+-]?[0-9]+)?|true|false|null|[][{}:,]')
  ESCAPE <- '\\\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|["\\\\/bfnrt])'

  json_unescape <- function(s) {
    m <- gregexpr(ESCAPE, s, perl = TRUE)
    regmatches(s, m) <- lapply(regmatches(s, m), function(e) vapply(e, function(e) {
      c2 <- substr(e, 2L, 2L)
      if (c2 != "u") return(switch(c2, b = "\b", f = "\f", n = "\n", r = "\r",
                                   t = "\t", c2))
      cp <- strtoi(substr(e, 3L, 6L), 16L)
      if (nchar(e) == 6L && cp >= 55296L && cp <= 57343L) stop(NOT_BASE_COND)
      if (nchar(e) == 12L)
        cp <- 65536L + (cp - 55296L) * 1024L + (strtoi(substr(e, 9L, 12L), 16L) - 56320L)
      intToUtf8(cp)
    }, "", USE.NAMES = FALSE))
    s
  }

  base_parse <- function(line, simplify) {
    m <- gregexpr(TOKEN, line, perl = TRUE)[[1L]]
    n <- length(m)
    if (n > MAX_TOKENS || m[[1L]] < 0L) return(NOT_BASE)
    # Between the tokens, JSON white space only.
    ends <- m + attr(m, "match.length")
    gaps <- substring(line, c(1L, ends), c(m - 1L, nchar(line)))
    if (!all(grepl("^[ \t\r\n]*$", gaps))) return(NOT_BASE)
    tok <- regmatches(line, list(m))[[1L]]
    first <- substr(tok, 1L, 1L)
    pos <- 1L
    fail <- function() stop(NOT_BASE_COND)
    scalar <- function(t, f) {
      if (f == "\"") {
        s <- substr(t, 2L, nchar(t) - 1L)
        if (grepl("\\", s, fixed = TRUE)) {
          # \u0000 (no NUL in an R string) or a backslash that starts no
          # JSON escape
          if (grepl("\\u0000", s, fixed = TRUE) ||
              grepl("\\", gsub(ESCAPE, "", s, perl = TRUE), fixed = TRUE)) fail()
          s <- json_unescape(s)
        }
        Encoding(s) <- "UTF-8"
        return(s)
      }
      if (f == "t") return(TRUE)
      if (f == "f") return(FALSE)
      if (f == "n") return(NULL)
      if (nchar(gsub("[^0-9]", "", t)) > 15L) fail()
      if (!grepl("[.eE]", t) && abs(v <- as.numeric(t)) <= .Machine$integer.max)
        return(as.integer(v))
      as.numeric(t)
    }
    value <- function(depth) {
      if (pos > n || depth > 64L) fail()
      t <- tok[[pos]]
      f <- first[[pos]]
      pos <<- pos + 1L
      if (f == "{") {
        keys <- character(0)
        out <- list()
        if (pos <= n && tok[[pos]] == "}") {
          pos <<- pos + 1L
          return(structure(list(), names = character(0)))
        }
        repeat {
          if (pos + 1L > n || first[[pos]] != "\"" || tok[[pos + 1L]] != ":") fail()
          k <- scalar(tok[[pos]], "\"")
          pos <<- pos + 2L
          v <- value(depth + 1L)
          out[length(out) + 1L] <- list(v)
          keys <- c(keys, k)
          if (pos > n) fail()
          sep <- tok[[pos]]
          pos <<- pos + 1L
          if (sep == "}") break
          if (sep != ",") fail()
        }
        if (anyDuplicated(keys) || !all(nzchar(keys))) fail()
        names(out) <- keys
        return(out)
      }
      if (f == "[") {
        out <- list()
        if (pos <= n && tok[[pos]] == "]") {
          pos <<- pos + 1L
          return(list())
        }
        kinds <- character(0)
        repeat {
          if (pos > n) fail()
          kinds <- c(kinds, first[[pos]])
          v <- value(depth + 1L)
          out[length(out) + 1L] <- list(v)
          if (pos > n) fail()
          sep <- tok[[pos]]
          pos <<- pos + 1L
          if (sep == "]") break
          if (sep != ",") fail()
        }
        if (isFALSE(simplify)) return(out)
        kinds[kinds %in% c("t", "f")] <- "b"
        kinds[!(kinds %in% c("\"", "n", "b", "{", "["))] <- "0"
        k <- unique(kinds[kinds != "n"])
        if (!length(k)) return(rep(NA, length(out)))
        if (length(k) > 1L || k %in% c("{", "[")) {
          if (simplify == "lists" && all(kinds == "{")) return(out)
          fail()
        }
        na <- kinds == "n"
        out[na] <- list(switch(k, "\"" = NA_character_, b = NA, NA_integer_))
        return(unlist(out))
      }
      if (f %in% c("]", "}", ":", ",")) fail()
      scalar(t, f)
    }
    r <- tryCatch({
      v <- value(0L)
      if (pos <= n) fail()
      v
    }, securer_not_base = function(e) NOT_BASE)
    r
  }

  # The next JSON value from the host: the base reader, else jsonlite.
  parse_json <- function(line, simplify) {
    v <- tryCatch(base_parse(line, simplify), error = function(e) NOT_BASE)
    if (!inherits(v, "securer_not_base")) return(v)
    if (identical(simplify, "lists"))
      from_json(line, simplifyVector = TRUE, simplifyDataFrame = FALSE, simplifyMatrix = FALSE)
    else from_json(line, simplifyVector = simplify)
  }

  # ---- transport -------------------------------------------------------------
  # fifo() connections read and write with plain read(2)/write(2).  A file()
  # connection would read through stdio's fread(), which on a pipe waits for a
  # whole buffer (or EOF) and would block with a message already in hand.
  conn_in <- fifo("/proc/self/fd/3", open = "r", blocking = TRUE)
  conn_out <- fifo("/proc/self/fd/4", open = "w", blocking = TRUE)

  send <- function(line) {
    writeLines(line, conn_out, useBytes = TRUE)   # one write(2), newline included
    flush(conn_out)
  }

  # The next message from the host, a named list with a string type.  At EOF
  # (the host closed fd 3, rule 8) the runtime exits 0.
  receive <- function(simplify = TRUE) {
    line <- readLines(conn_in, n = 1L, encoding = "UTF-8", warn = FALSE)
    if (length(line) == 0L) {
      flush_std()
      real_quit(save = "no", status = 0L, runLast = FALSE)
    }
    if (simplify && startsWith(line, '{"type":"tool_result",')) {
      quick <- if (TYPED) quick_result(line) else quick_plain(line)
      if (!is.null(quick)) return(quick)
    } else if (simplify && startsWith(line, '{"type":"execute","id":')) {
      quick <- quick_execute(line)
      if (!is.null(quick)) return(quick)
    }
    msg <- tryCatch(parse_json(line, if (simplify && TYPED) "lists" else simplify),
                    error = function(e) e)
    if (inherits(msg, "error"))
      fatal(paste("malformed message from the host:", conditionMessage(msg)))
    if (!is.list(msg) || is.null(names(msg)) || !is_string(msg[["type"]]))
      fatal("message from the host is not an object with a string type")
    msg
  }

  # The common tool results, a scalar or NULL, read with one regular
  # expression: the host writes them in exactly this form.  Anything else
  # goes to parse_json.
  QUICK <- '^\\{"type":"tool_result","id":([0-9]+),"value":\\{"t":"(null|dbl|int|lgl|chr)"(,"v":\\[(-?[0-9.eE+-]+|true|false|"[^"\\\\]*")\\])?\\}\\}$'
  # The two messages of every execute and every tool call, taken apart with
  # substr() and fixed patterns (a regular expression with groups costs
  # ~80 us a call, jsonlite ~40 us, this ~15 us): the host writes them in
  # exactly this form.  NULL for anything else, which goes to parse_json.
  # `{"type":...,"id":N,"KEY":REST}`: list(N, REST) (strings), or NULL.
  id_and_rest <- function(line, skip, key) {
    rest <- substr(line, skip + 1L, nchar(line))
    k <- regexpr(key, rest, fixed = TRUE)
    if (k < 2L || !endsWith(rest, "}")) return(NULL)
    id <- substr(rest, 1L, k - 1L)
    if (!grepl("^[0-9]+$", id)) return(NULL)
    list(id, substr(rest, k + nchar(key), nchar(rest) - 1L))
  }
  # A string without escapes: its text, or NULL.
  plain_string <- function(v) {
    if (!startsWith(v, "\"") || !endsWith(v, "\"") || nchar(v) < 2L) return(NULL)
    v <- substr(v, 2L, nchar(v) - 1L)
    if (grepl("\"", v, fixed = TRUE) || grepl("\\", v, fixed = TRUE)) return(NULL)
    Encoding(v) <- "UTF-8"
    v
  }
  # An execute of code without quotes, backslashes or newlines (one-liners).
  quick_execute <- function(line) {
    m <- id_and_rest(line, 23L, ',"code":')
    code <- if (!is.null(m)) plain_string(m[[2L]])
    if (is.null(code)) return(NULL)
    list(type = "execute", id = as.numeric(m[[1L]]), code = code)
  }
  # An untyped tool result that is a short number, a boolean, null or a
  # string without escapes, read as jsonlite would read it.
  quick_plain <- function(line) {
    m <- id_and_rest(line, 27L, ',"value":')
    if (is.null(m)) return(NULL)
    v <- m[[2L]]
    value <- if (startsWith(v, "\"")) {
      v <- plain_string(v)
      if (is.null(v)) return(NULL)
      v
    } else if (v == "true") TRUE else if (v == "false") FALSE else if (v == "null") NULL
      else if (grepl("^-?(?:0|[1-9][0-9]{0,8})$", v, perl = TRUE)) as.integer(v)
      else if (grepl("^-?(?:0|[1-9][0-9]*)\\.[0-9]+$", v, perl = TRUE) &&
               nchar(gsub("[^0-9]", "", v)) <= 15L) as.numeric(v)
      else return(NULL)
    list(type = "tool_result", id = as.numeric(m[[1L]]), value = value)
  }

  quick_result <- function(line) {
    m <- regmatches(line, regexec(QUICK, line, perl = TRUE))[[1L]]
    if (!length(m) || (m[[3L]] != "null") != nzchar(m[[4L]])) return(NULL)
    v <- m[[5L]]
    value <- switch(m[[3L]], null = list(t = "null"),
                    dbl = list(t = "dbl", v = suppressWarnings(as.numeric(v))),
                    int = list(t = "int", v = suppressWarnings(as.integer(v))),
                    lgl = if (v %in% c("true", "false")) list(t = "lgl", v = v == "true"),
                    chr = if (startsWith(v, '"'))
                            list(t = "chr", v = substr(v, 2L, nchar(v) - 1L)))
    if (is.null(value) || anyNA(value$v)) return(NULL)
    list(type = "tool_result", id = as.numeric(m[[2L]]), value = value)
  }

  is_string <- function(x) is.character(x) && length(x) == 1L && !is.na(x)
  is_whole <- function(x)
    is.numeric(x) && length(x) == 1L && is.finite(x) && x == trunc(x)
  int_json <- function(x) if (is.integer(x)) as.character(x) else sprintf("%.0f", x)

  # A JSON string for s (valid UTF-8).
  json_str <- function(s) {
    if (!grepl(SPECIAL, s, useBytes = TRUE, perl = TRUE)) paste0("\"", s, "\"")
    else json_strs(s)
  }

  # s as one string of valid UTF-8 of at most limit bytes; invalid bytes are
  # shown as <xx>, and an overlong text keeps its head and its tail (the end
  # of a traceback or of printed output is usually what matters).
  clean_text <- function(s, limit = TEXT_LIMIT) {
    s <- enc2utf8(paste(s, collapse = "\n"))
    if (!validUTF8(s)) s <- iconv(s, "UTF-8", "UTF-8", sub = "byte")
    n <- nchar(s, type = "bytes")
    if (n <= limit) return(s)
    mark <- sprintf("\n... [%d bytes omitted] ...\n", n - limit)
    head <- (limit - nchar(mark)) %/% 4
    tail <- limit - nchar(mark) - head
    bytes <- charToRaw(s)
    # Cutting may split a character: sub = "" drops its stray bytes.
    cut <- function(r) iconv(rawToChar(r), "UTF-8", "UTF-8", sub = "")
    paste0(cut(bytes[seq_len(head)]), mark, cut(bytes[(n - tail + 1):n]))
  }

  # ---- startup ---------------------------------------------------------------

  send(paste0('{"type":"hello","protocol":1,"runtime":"r","version":',
              json_str(paste(R.version$major, R.version$minor, sep = ".")),
              ',"pid":', Sys.getpid(), "}"))

  # The code's environment, kept across executes.  Tools are defined in it,
  # and again in an environment attached to the search path as "securer",
  # so that the common rm(list = ls()) does not lose them.  quit() and q()
  # are shadowed there too: they would end the session behind the host's
  # back, so they raise an error instead.  (base::quit() still exits; the
  # host then sees the child die and starts a fresh one.)
  code_env <- new.env(parent = globalenv())
  shelf <- attach(NULL, pos = 2L, name = "securer", warn.conflicts = FALSE)
  no_quit <- function(save = "default", status = 0, runLast = TRUE)
    stop("quit() would end the session; only the host may end it", call. = FALSE)
  assign("quit", no_quit, envir = shelf)
  assign("q", no_quit, envir = shelf)
  # closeAllConnections() is a common clean-up idiom; base's would close the
  # runtime's own fd 3/4 connections too.  This one spares them.
  own_connections <- c(as.integer(conn_in), as.integer(conn_out))
  assign("closeAllConnections", function() {
    sink(stderr(), type = "message")
    for (i in seq_len(sink.number())) sink()
    gc()
    set <- getAllConnections()
    for (i in set[set > 2L & !(set %in% own_connections)]) close(getConnection(i))
    invisible()
  }, envir = shelf)

  ARG_TYPES <- c("string", "number", "integer", "boolean", "object", "array")
  tools <- list()    # name -> spec used by .securer_call

  define_tool <- function(spec) {
    name <- spec[["name"]]
    args <- spec[["args"]]
    desc <- spec[["description"]]
    if (!is_string(name) || !nzchar(name) || !is.list(args) ||
        !(is.null(desc) || is_string(desc)))
      fatal("init: a tool needs a string name, an args array and a string description")
    arg_names <- character(0)
    arg_types <- character(0)
    for (a in args) {
      if (!is.list(a) || !is_string(a[["name"]]) || !nzchar(a[["name"]]) ||
          !is_string(a[["type"]]) || !(a[["type"]] %in% ARG_TYPES) ||
          a[["name"]] %in% c(arg_names, "..."))
        fatal(paste0("init: tool '", name, "': bad or repeated argument"))
      arg_names <- c(arg_names, a[["name"]])
      arg_types <- c(arg_types, a[["type"]])
    }
    tools[[name]] <<- list(
      name = name, args = arg_names, types = arg_types,
      missing = lapply(arg_names, function(a) call("missing", as.name(a))),
      tail = paste0(',"tool":', json_str(enc2utf8(name)), ',"args":{'),
      # (paste0 would turn no names into one bogus ":" key)
      keys = if (length(arg_names)) paste0(vapply(enc2utf8(arg_names), json_str, ""), ":")
             else character(0))
    # function(a, b) .securer_call("add"): the formals are the declared ones,
    # the body hands the call's frame to the runtime.
    formals <- rep(list(quote(expr = )), length(arg_names))
    names(formals) <- arg_names
    f <- as.function(c(formals, call(".securer_call", name)), envir = runtime)
    assign(name, f, envir = code_env)
    assign(name, f, envir = shelf)
  }

  init <- receive(simplify = FALSE)
  if (!identical(init[["type"]], "init")) fatal(paste("expected init, got", init[["type"]]))
  # The host's message limit: larger lines would be refused by it.
  if (is.numeric(init[["message_bytes"]]) && length(init[["message_bytes"]]) == 1 &&
      init[["message_bytes"]] > 0) {
    MESSAGE_LIMIT <- init[["message_bytes"]]
    # Texts shrink with it: even escaped six-fold, a message and a
    # traceback of TEXT_LIMIT bytes each fit in one message.
    TEXT_LIMIT <- min(TEXT_LIMIT, max(MESSAGE_LIMIT %/% 16, 64))
  }
  if (!is.list(init[["tools"]]) || !is.null(names(init[["tools"]])))
    fatal("init: tools must be an array")
  for (spec in init[["tools"]]) {
    if (!is.list(spec)) fatal("init: a tool must be an object")
    define_tool(spec)
  }
  send('{"type":"ready"}')

  # ---- the default packages --------------------------------------------------
  # R starts without them (--default-packages=NULL: loading them costs
  # ~110 ms, methods and stats the most).  After `ready`, stand-ins take
  # their places on the search path: an environment named package:stats and
  # so on, locked, with the same "path" attribute and the same names as the
  # real one, each name a promise.  The first use of any of them (lm, head,
  # plot, iris, setClass...) loads the namespace and attaches the real
  # package in the stand-in's place, as library() would, then answers with
  # the real object.  search() is the usual one throughout.
  DEFAULT_PACKAGES <- c("datasets", "utils", "grDevices", "graphics", "stats", "methods")
  standins <- new.env(parent = emptyenv())

  # The names the package's attached environment will hold: its exports (and
  # those matching its export patterns) or, for datasets, its data sets.
  standin_names <- function(pkg, path) {
    if (pkg == "datasets")
      return(names(readRDS(file.path(path, "data", "Rdata.rdx"))$variables))
    info <- readRDS(file.path(path, "Meta", "nsInfo.rds"))
    names <- info$exports
    if (length(info$exportPatterns)) {
      vars <- names(readRDS(file.path(path, "R", paste0(pkg, ".rdx")))$variables)
      for (p in info$exportPatterns) names <- c(names, grep(p, vars, value = TRUE))
    }
    unique(names)
  }

  attach_real <- function(pkg) {
    ns <- loadNamespace(pkg)
    where <- paste0("package:", pkg)
    pos <- match(where, search())
    if (is.na(pos)) return(NULL)    # the code detached it
    env <- as.environment(pos)
    if (!identical(env, standins[[pkg]])) return(env)
    .Internal(detach(pos))
    attachNamespace(ns, pos = pos)
  }

  fetcher <- function(pkg) {
    force(pkg)
    function(name) {
      env <- attach_real(pkg)
      if (!is.null(env) && exists(name, envir = env, inherits = FALSE))
        get(name, envir = env, inherits = FALSE)
      else getExportedValue(pkg, name)
    }
  }

  attach_standins <- function() {
    # Attached as R attaches them, each at the top (here below "securer"):
    # stats ends first, methods last.
    options(defaultPackages = DEFAULT_PACKAGES)
    Sys.unsetenv("R_DEFAULT_PACKAGES")
    for (pkg in c("methods", DEFAULT_PACKAGES[DEFAULT_PACKAGES != "methods"])) {
      path <- file.path(.Library, pkg)
      names <- tryCatch(standin_names(pkg, path), error = function(e) NULL)
      if (is.null(names)) {
        # Not the layout this code knows: attach the real package now.
        suppressPackageStartupMessages(library(pkg, character.only = TRUE,
                                               pos = 3L, warn.conflicts = FALSE))
        next
      }
      env <- attach(NULL, pos = 3L, name = paste0("package:", pkg), warn.conflicts = FALSE)
      attr(env, "path") <- path
      fetch <- new.env(parent = baseenv())
      fetch$fetch <- fetcher(pkg)
      .Internal(makeLazy(names, as.list(names), quote(fetch(name)), fetch, env))
      lockEnvironment(env, bindings = TRUE)
      standins[[pkg]] <- env
    }
  }

  # The host's first execute waits in the pipe meanwhile.
  attach_standins()

  # ---- typed values ----------------------------------------------------------
  # The R package (lib/r) asks for R values as data: it starts the runtime
  # with SECURER_R_VALUES=typed.  Then the value of an execute, every tool
  # argument and every tool result is a typed JSON form (docs/r.md, "Values")
  # that keeps what R users rely on (integer or double, NA, names, dim, data
  # frames with their column types) and nothing that could carry code: no
  # function, environment, promise, call, external pointer or class crosses.
  # The host decodes it as data; it never unserializes anything.
  TYPED <- identical(Sys.getenv("SECURER_R_VALUES"), "typed")
  Sys.unsetenv("SECURER_R_VALUES")
  MAX_DEPTH <- 64L

  unsendable <- function(what)
    stop(structure(class = c("securer_unsendable", "error", "condition"),
                   list(message = what, call = NULL)))

  what_is <- function(x) {
    switch(typeof(x),
      closure = , builtin = , special = "a function",
      environment = "an environment", externalptr = "an external pointer",
      language = , symbol = , expression = "an unevaluated expression",
      promise = "a promise", S4 = "an S4 object", complex = "a complex vector",
      pairlist = "a pairlist", weakref = "a weak reference",
      bytecode = "byte code", paste("an object of type", typeof(x)))
  }

  chr_items <- function(x) {
    x <- enc2utf8(as.character(x))
    bad <- !is.na(x) & !validUTF8(x)
    if (any(bad)) x[bad] <- iconv(x[bad], "UTF-8", "UTF-8", sub = "byte")
    if (!length(x)) return("[]")
    s <- character(length(x))
    na <- is.na(x)
    s[na] <- "null"
    if (!all(na)) s[!na] <- json_strs(x[!na])
    paste0("[", paste(s, collapse = ","), "]")
  }

  # Doubles keep every bit.  JSON numbers when each prints exactly in 15
  # digits (the host's JSON library reprints numbers with at most that
  # many when it thinks them close enough); otherwise every element is a
  # string: 17 digits, "NaN", "Inf" or "-Inf".  NA is null.
  dbl_body <- function(x) {
    x <- as.double(x)
    if (!length(x)) return('"v":[]')
    s <- sprintf("%.15g", x)
    fin <- is.finite(x)
    na <- is.na(x) & !is.nan(x)
    exact <- !fin | suppressWarnings(as.numeric(s)) == x
    exact[is.na(exact)] <- FALSE
    if (all(fin | na) && all(exact)) {
      s[na] <- "null"
      return(paste0('"v":[', paste(s, collapse = ","), "]"))
    }
    redo <- fin & !exact
    if (any(redo)) s[redo] <- sprintf("%.17g", x[redo])
    s <- paste0("\"", s, "\"")
    s[na] <- "null"
    paste0('"v":[', paste(s, collapse = ","), "]")
  }

  atomic_json <- function(x) {
    body <- switch(typeof(x),
      logical = {
        s <- c("false", "true")[x + 1L]
        s[is.na(x)] <- "null"
        paste0('"t":"lgl","v":[', paste(s, collapse = ","), "]")
      },
      integer = {
        s <- as.character(as.vector(x))
        s[is.na(x)] <- "null"
        paste0('"t":"int","v":[', paste(s, collapse = ","), "]")
      },
      double = paste0('"t":"dbl",', dbl_body(x)),
      character = paste0('"t":"chr","v":', chr_items(x)),
      raw = paste0('"t":"raw","v":"', paste(as.character(x), collapse = ""), '"'),
      unsendable(paste(what_is(x), "cannot be sent as data")))
    extra <- character(0)
    nm <- names(x)
    if (!is.null(nm)) extra <- c(extra, paste0('"n":', chr_items(nm)))
    d <- dim(x)
    if (!is.null(d)) {
      extra <- c(extra, paste0('"dim":[', paste(as.integer(d), collapse = ","), "]"))
      dn <- dimnames(x)
      if (!is.null(dn))
        extra <- c(extra, paste0('"dimnames":[', paste(vapply(dn, function(n)
          if (is.null(n)) "null" else chr_items(n), ""), collapse = ","), "]"))
    }
    paste0("{", paste(c(body, extra), collapse = ","), "}")
  }

  typed_json <- function(x, depth = 0L) {
    if (depth > MAX_DEPTH) unsendable(sprintf("it is nested more than %d levels deep", MAX_DEPTH))
    # Fast paths: a bare scalar is most tool arguments.
    if (length(x) == 1L && is.null(attributes(x))) {
      if (is.double(x)) {
        if (is.finite(x)) {
          d <- sprintf("%.15g", x)
          if (as.numeric(d) == x) return(paste0('{"t":"dbl","v":[', d, "]}"))
        }
      } else if (is.character(x)) {
        if (!is.na(x) && validUTF8(x) &&
            !grepl("[\"\\\\\\x00-\\x1f]", x, useBytes = TRUE, perl = TRUE))
          return(paste0('{"t":"chr","v":["', enc2utf8(x), '"]}'))
      } else if (is.integer(x) && !is.na(x)) {
        return(paste0('{"t":"int","v":[', x, "]}"))
      }
    }
    if (is.null(x)) return('{"t":"null"}')
    if (isS4(x)) unsendable("an S4 object cannot be sent as data")
    if (is.factor(x)) x <- structure(as.character(x), names = names(x))
    else if (inherits(x, c("Date", "POSIXt"))) x <- structure(format(x), names = names(x))
    if (is.data.frame(x)) return(df_json(x, depth))
    if (is.list(x) && !is.pairlist(x)) {
      items <- vapply(unclass(x), typed_json, "", depth = depth + 1L, USE.NAMES = FALSE)
      nm <- names(x)
      return(paste0('{"t":"list","v":[', paste(items, collapse = ","), "]",
                    if (!is.null(nm)) paste0(',"n":', chr_items(nm)), "}"))
    }
    atomic_json(x)
  }

  df_json <- function(x, depth) {
    cols <- unclass(x)
    rn <- attr(x, "row.names")
    items <- vapply(cols, typed_json, "", depth = depth + 1L, USE.NAMES = FALSE)
    paste0('{"t":"df","nrow":', .row_names_info(x, 2L),
           ',"n":', chr_items(names(cols)),
           ',"v":[', paste(items, collapse = ","), "]",
           if (is.character(rn)) paste0(',"rn":', chr_items(rn)), "}")
  }

  # A typed value from the host (parsed without turning arrays of objects
  # into data frames), back into R.
  from_typed <- function(v) {
    if (!is.list(v) || !is_string(v[["t"]])) fatal("a typed value without its type")
    x <- switch(v[["t"]],
      null = return(NULL),
      lgl = as.logical(v[["v"]]),
      int = as.integer(v[["v"]]),
      dbl = {
        x <- v[["v"]]
        if (is.character(x)) suppressWarnings(as.numeric(x)) else as.double(x)
      },
      chr = as.character(v[["v"]]),
      raw = {
        h <- v[["v"]]
        n <- nchar(h)
        as.raw(strtoi(substring(h, seq.int(1L, n, 2L), seq.int(2L, n, 2L)), 16L))[seq_len(n %/% 2L)]
      },
      list = lapply(v[["v"]], from_typed),
      df = {
        cols <- lapply(v[["v"]], from_typed)
        names(cols) <- as.character(v[["n"]])
        rn <- v[["rn"]]
        return(structure(cols, class = "data.frame",
                         row.names = if (length(rn)) as.character(rn)
                                     else .set_row_names(as.integer(v[["nrow"]]))))
      },
      fatal(paste("unknown typed value", v[["t"]])))
    if (!is.null(v[["n"]])) names(x) <- as.character(v[["n"]])
    if (!is.null(v[["dim"]])) {
      dim(x) <- as.integer(v[["dim"]])
      if (!is.null(v[["dimnames"]]))
        dimnames(x) <- lapply(v[["dimnames"]], function(n) if (is.null(n)) NULL else as.character(n))
    }
    x
  }

  # A tool argument in the typed form; the host checks its R type.
  typed_arg <- function(tool, arg, x, call) {
    tryCatch(typed_json(x), securer_unsendable = function(e)
      stop(simpleError(sprintf("%s(): argument '%s' cannot be sent to the host: %s",
                               tool, arg, conditionMessage(e)), call)))
  }

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
