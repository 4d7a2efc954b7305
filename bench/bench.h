/*
 * bench.h - `securer bench`: each figure beside its physical floor,
 * measured in the same run.
 */
#ifndef SECURER_BENCH_H
#define SECURER_BENCH_H

int bench_main(int argc, char **argv);

#endif
