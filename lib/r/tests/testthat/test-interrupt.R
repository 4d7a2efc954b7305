test_that("Ctrl-C stops the execute, kills what it started, and the session works again", {
  need_sandbox()
  line_file <- tempfile("lines")
  out_file <- tempfile("out")
  # a number unique to this run, to find the process the code starts
  tag <- as.character(3000000 + sample.int(999999, 1))
  rscript <- file.path(R.home("bin"), "Rscript")
  system2(rscript, c(test_path("interrupt-script.R"), line_file, tag),
          wait = FALSE, stdout = out_file, stderr = out_file)
  expect_true(wait_until(function() file.exists(line_file) &&
                           any(grepl("started", readLines(line_file))), 30))
  sleeper <- procs_with(paste("sleep", tag))
  expect_length(sleeper, 1L)          # the control: the code did start it
  r <- procs_with(line_file)            # the Rscript: only it names the file
  expect_length(r, 1L)
  on.exit(tools::pskill(r, tools::SIGKILL), add = TRUE)
  t0 <- Sys.time()
  tools::pskill(r, tools::SIGINT)
  expect_true(wait_until(function() any(grepl("^alive:", readLines(out_file))), 30))
  out <- readLines(out_file)
  expect_true("after: INTERRUPTED " %in% out)
  expect_true("next: 2 " %in% out)
  expect_true("alive: TRUE " %in% out)
  # well before the code's 60 s sleep would have ended
  expect_lt(as.numeric(difftime(Sys.time(), t0, units = "secs")), 20)
  expect_length(procs_with(paste("sleep", tag)), 0L)
})
