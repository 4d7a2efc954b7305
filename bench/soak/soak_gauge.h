/*
 * soak_gauge.h - what the soak watches grow: the processes of the run, and
 * this process's descriptors, threads and resident memory, read from
 * /proc.
 *
 * "The processes of the run" are counted two ways, so that neither a
 * process reparented away from us nor another engineer's work on the same
 * machine can hide or pad the count: every process whose parent chain
 * reaches this one (bwrap, its children, the sandboxed runtimes), and
 * every process whose environment holds the run's marker (the soak's
 * policy sets it in every sandbox: a child that escaped its sandbox's
 * kill and was reparented to init still carries it).
 */
#ifndef SECURER_SOAK_GAUGE_H
#define SECURER_SOAK_GAUGE_H

struct soak_gauges {
	long procs;   /* processes of the run, this one not counted */
	long zombies; /* of which dead and not yet reaped */
	long fds;     /* open descriptors of this process */
	long threads; /* threads of this process */
	long rss_kb;  /* resident set of this process (VmRSS) */
	long heap_kb; /* allocated by malloc and not freed (soak_heap.h) */
};

/* Reads every gauge; |marker| is the whole environment entry
 * ("NAME=VALUE") that marks the run's processes.  0, or a negative errno
 * when /proc cannot be read. */
int soak_gauges_read(const char *marker, struct soak_gauges *g);

#endif
