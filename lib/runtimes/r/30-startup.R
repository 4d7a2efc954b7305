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

