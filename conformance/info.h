/*
 * info.h - what a report says about where it ran: the machine, the tools'
 * versions, and the default policy the backends ran under.
 */
#ifndef SECURER_CONFORM_INFO_H
#define SECURER_CONFORM_INFO_H

#include "model.h"

/* Fills run->machine, run->tools, run->policy and run->started. */
void info_collect(struct run *run);
void info_release(struct run *run);

#endif
