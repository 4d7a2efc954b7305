# protocol-flood (sh): 512 MiB with no newline into the protocol fd.
head -c 536870912 /dev/zero | tr '\0' 'x' >&4
