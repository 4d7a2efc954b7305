w <- function(d) { f <- tempfile(tmpdir = d); ok <- file.create(f, showWarnings = FALSE); unlink(f); if (ok) "yes" else "no" }
cat("@@ home writable", w(path.expand("~")), "\n")
cat("@@ tempdir writable", w(tempdir()), "\n")
cat("@@ user known", if (nzchar(Sys.info()[["user"]])) "yes" else "no", "\n")
cat("@@ cwd writable", w(getwd()), "\n")
cat("@@ sh on PATH", if (nzchar(Sys.which("sh"))) "yes" else "no", "\n")
cat("@@ done\n")
