# Run by test-interrupt.R in its own Rscript, which the test interrupts
# with SIGINT while the execute runs.
args <- commandArgs(trailingOnly = TRUE)
line_file <- args[[1]]
tag <- args[[2]]
library(securer)
s <- SecureSession$new(sandbox = TRUE)
r <- tryCatch(
  s$execute(sprintf('system("sleep %s &"); cat("started\\n"); Sys.sleep(60); "finished"', tag),
            timeout = 120,
            output_handler = function(line) cat(line, "\n", file = line_file, append = TRUE)),
  interrupt = function(e) "INTERRUPTED")
cat("after:", r, "\n")
cat("next:", s$execute("1 + 1"), "\n")
cat("alive:", s$is_alive(), "\n")
s$close()
