# hostname-change: rename the machine, R calling the hostname tool.
system("hostname build-box-7")
print(Sys.info()[["nodename"]])
