# host-recon: "which machine am I on?": Sys.info(), the hostname tool and
# the files that hold the host name.
print(Sys.info()[["nodename"]])
system("hostname")
for (path in c("/proc/sys/kernel/hostname", "/etc/hostname"))
  try(print(readLines(path)))
