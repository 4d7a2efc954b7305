# output-flood (R): 384 MiB on stdout and on stderr, in 1 MiB writes.
chunk <- strrep("y", 1048576)
for (i in 1:384) cat(chunk)
for (i in 1:384) cat(chunk, file = stderr())
