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

