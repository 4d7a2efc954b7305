/*
 * workload.h - what workloads get besides their files (docs/workloads.md):
 * the tools their sessions may call.
 */
#ifndef SECURER_CONFORM_WORKLOAD_H
#define SECURER_CONFORM_WORKLOAD_H

#include "securer.h"

/* Two tools, on the host, for the workloads that declare "tools":
 *   wl_stats(values: array, label: string) -> {"label", "n", "sum",
 *            "max"} of the numbers of |values|;
 *   wl_fail(reason: string) -> always the tool error "refused: REASON".
 * NULL when out of memory. */
securer_tools *workload_tools(void);

#endif
