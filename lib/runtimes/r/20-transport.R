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

