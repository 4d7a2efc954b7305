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

