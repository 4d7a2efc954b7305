#!/bin/sh
# hostname-change: rename the machine, as a setup script would.
hostname build-box-7
hostname
