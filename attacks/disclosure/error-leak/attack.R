# error-leak: "load the key from the file named in OPENAI_API_KEY"; nothing
# is printed, the uncaught error quotes the variable's value.
key <- normalizePath(Sys.getenv("OPENAI_API_KEY", "~/.openai/key"), mustWork = TRUE)
