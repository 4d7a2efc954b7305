/*
 * soak_tools.h - the host tools of the soak and their checks.
 *
 *   soak_echo(nonce, i)  answers "NONCE:i"
 *   soak_fail(nonce)     fails with "soak tool error for NONCE"
 *
 * Each call is checked on the host against the execute running on the
 * calling thread (the library runs a tool on the thread that called
 * execute): the nonce must be that execute's, the i of soak_echo the next
 * in order.  A wrong call is written into that execute's expectation
 * (tool_problem), which its check then reports.
 */
#ifndef SECURER_SOAK_TOOLS_H
#define SECURER_SOAK_TOOLS_H

#include <stdint.h>

#include <securer.h>

#include "soak_case.h"

/* The two tools; NULL when out of memory. */
securer_tools *soak_tools_new(void);

/* The execute this thread is about to run (NULL: none).  Not owned. */
void soak_tools_enter(struct soak_expect *want);

/* Tool calls that came on a thread with no execute (never expected). */
uint64_t soak_tools_strays(void);

#endif
