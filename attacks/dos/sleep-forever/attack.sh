#!/bin/sh
# sleep-forever, bounded at 10 minutes.
sleep 600
