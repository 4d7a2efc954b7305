# output-flood (sh): 384 MiB on each stream, bounded.
head -c 402653184 /dev/zero | tr '\0' 'y'
head -c 402653184 /dev/zero | tr '\0' 'n' >&2
