# tmp-peer (R): another sandbox's secret by path alone, in /tmp and in the
# private directories beside ours.
tf <- if (exists("TARGETS")) TARGETS else commandArgs(TRUE)[1]
tmp <- Sys.getenv("TMPDIR", "/tmp")
paths <- unique(c("/tmp/peer-secret", Sys.glob(file.path(tmp, "securer-none.*", "peer-secret")),
                  Sys.glob(file.path(dirname(tmp), "securer-none.*", "peer-secret")),
                  Sys.glob("/tmp/securer-none.*/peer-secret")))
for (p in paths) if (file.exists(p)) cat(p, readLines(p, warn = FALSE), "\n")
