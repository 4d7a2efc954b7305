# securer.R (lib/runtimes/r/*.R, joined) - the R runtime of a securer
# session (the child side).
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
# The build joins lib/runtimes/r/*.R, in the order of their names, into the
# one file the library embeds (the Makefile: $(BUILD)/gen/securer.R): this
# part opens the local() block below, 70-execute.R closes it, and each part
# between is a section of its body.
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

