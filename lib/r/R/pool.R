# SecureSessionPool: warm sandboxed R sessions, backed by the library's
# pool (its threads start sessions in the background; executes and tool
# calls run here, on R's thread).

#' @export
SecureSessionPool <- R6::R6Class("SecureSessionPool", cloneable = FALSE,
  public = list(
    initialize = function(size = 4L, tools = list(), sandbox = TRUE, limits = NULL,
                          verbose = FALSE, reset_between_uses = FALSE, policy = NULL) {
      if (!is.numeric(size) || length(size) != 1L || is.na(size) || size < 1 || size > 1024)
        stop("`size` must be a number of sessions from 1 to 1024", call. = FALSE)
      private$tool_list <- normalize_tools(tools)
      ctx <- new.env(parent = emptyenv())
      ctx$verbose <- isTRUE(verbose)
      ctx$sanitize <- FALSE
      ctx$audit <- NULL
      private$ctx <- ctx
      # reset_between_uses: every session is recycled after one execute,
      # so no caller sees another's variables.
      private$ptr <- .Call(C_pool_new, c(policy_texts(policy), limits_json(limits)),
                           sandbox, tool_spec(private$tool_list),
                           make_dispatch(private$tool_list, ctx), as.integer(size),
                           if (isTRUE(reset_between_uses)) 1 else 100, 60)
      private$sandbox <- sandbox
      verbose_log(ctx$verbose, sprintf("Pool started (%d sessions, sandbox=%s)",
                                       as.integer(size),
                                       if (isFALSE(sandbox)) "none (unsandboxed)"
                                       else as.character(sandbox)))
    },

    execute = function(code, timeout = NULL, acquire_timeout = NULL) {
      if (is.null(private$ptr)) stop("Pool is closed", call. = FALSE)
      check_code(code, NULL)
      check_timeout(timeout)
      check_timeout(acquire_timeout)
      res <- .Call(C_pool_execute, private$ptr, enc2utf8(code), timeout,
                   if (is.null(acquire_timeout)) 60 else acquire_timeout)
      finish_execute(res, timeout, private$ctx)
    },

    size = function() {
      if (is.null(private$ptr)) 0L else .Call(C_pool_stats, private$ptr)[[1L]]
    },

    available = function() {
      if (is.null(private$ptr)) 0L else .Call(C_pool_stats, private$ptr)[[3L]]
    },

    # total, busy, idle, and dead: sessions being (re)started in the
    # background after a failure or a recycle.
    status = function() {
      if (is.null(private$ptr)) return(list(total = 0L, busy = 0L, idle = 0L, dead = 0L))
      s <- .Call(C_pool_stats, private$ptr)
      list(total = s[[1L]], busy = s[[2L]], idle = s[[3L]], dead = s[[4L]])
    },

    close = function() {
      if (!is.null(private$ptr)) {
        .Call(C_pool_close, private$ptr)
        private$ptr <- NULL
        verbose_log(private$ctx$verbose, "Pool closed")
      }
      invisible(self)
    },

    format = function(...) {
      s <- self$status()
      sprintf("<SecureSessionPool> [%s] sandbox=%s total=%d busy=%d idle=%d dead=%d",
              if (is.null(private$ptr)) "closed" else "running",
              if (isFALSE(private$sandbox)) "none (unsandboxed)" else as.character(private$sandbox),
              s$total, s$busy, s$idle, s$dead)
    },

    print = function(...) {
      cat(self$format(), "\n", sep = "")
      invisible(self)
    }
  ),
  private = list(ptr = NULL, tool_list = list(), ctx = NULL, sandbox = TRUE)
)
