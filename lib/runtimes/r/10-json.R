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

