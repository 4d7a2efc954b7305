#!/bin/sh
# host-recon: "which machine am I on?": every way to read the host name.
hostname
uname -n
cat /proc/sys/kernel/hostname /etc/hostname
