# No function of the package unserializes, reads RDS, loads or evaluates
# anything: a regression guard beside the behavioural tests.
test_that("the package never deserializes or evaluates what it receives", {
  ns <- asNamespace("securer")
  banned <- c("unserialize", "readRDS", "load", "eval", "evalq", "parse", "source",
              "lazyLoad", "dget")
  for (name in ls(ns, all.names = TRUE)) {
    f <- get(name, envir = ns)
    fns <- if (is.function(f)) list(f)
           else if (inherits(f, "R6ClassGenerator")) c(f$public_methods, f$private_methods)
           else list()
    for (fn in Filter(is.function, fns)) {
      used <- intersect(all.names(body(fn)), banned)
      # validate_code and syntax_error parse (never evaluate) the caller's code
      if (name %in% c("validate_code", "syntax_error")) used <- setdiff(used, "parse")
      expect_identical(used, character(0), label = name)
    }
  }
})
