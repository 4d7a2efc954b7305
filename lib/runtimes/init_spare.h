/*
 * init_spare.h - securer-init as a spare: started before its run, it
 * waits for it ("securer-init -W FD", lib/src/spare.c says when and why).
 */
#ifndef SECURER_INIT_SPARE_H
#define SECURER_INIT_SPARE_H

/* Waits on socket |sock| for the run (init_abi.h, struct
 * securer__spare_job), then takes it on: joins its cgroups, puts its
 * descriptors at their numbers (the others, |sock| among them, are left
 * for securer-init's close_unlisted), and makes its environment
 * environ.  Returns its argc with *argv its
 * arguments.  Ends the process: with 0 when the library closed the socket (no
 * run will come), 125 on a message it cannot read, 127 when a step failed
 * (reported on the run's status pipe as the spawn child would). */
int spare_await(int sock, char ***argv);
/* The seccomp filter a message before the run had it load on itself
 * (init_abi.h, struct securer__spare_prep), or NULL. */
const void *spare_filter(size_t *len);

#endif
