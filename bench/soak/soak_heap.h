/*
 * soak_heap.h - the bytes this process holds from malloc (soak_heap.c
 * says how they are counted, and why RSS alone is not enough).
 */
#ifndef SECURER_SOAK_HEAP_H
#define SECURER_SOAK_HEAP_H

/* KiB allocated by malloc and its family and not yet freed; -1 when not
 * counted (a sanitizer build). */
long soak_heap_kb(void);

#endif
