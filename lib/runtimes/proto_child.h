/*
 * proto_child.h - a minimal child speaking the session protocol, built into
 * securer-init: securer-init runs it for the command PROTO_CHILD_COMMAND
 * (the internal "proto" runtime of the benchmarks).  For each execute whose
 * code is a decimal N it calls the tool "noop" N times, each call waiting
 * for its result, then answers null.  No interpreter: what a round trip
 * costs is the library's and the kernel's alone.
 */
#ifndef SECURER_PROTO_CHILD_H
#define SECURER_PROTO_CHILD_H

#define PROTO_CHILD_COMMAND "@securer-proto"

/* Returns the exit status. */
int proto_child_main(void);

#endif
