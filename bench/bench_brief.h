/*
 * bench_brief.h - a quick benchmark per backend for the conformance report
 * (`securer conform --bench`): exec start, session start, pool acquire and
 * tool round trip, beside the pipe and bare-bwrap floors, in a few seconds.
 */
#ifndef SECURER_BENCH_BRIEF_H
#define SECURER_BENCH_BRIEF_H

#include "securer.h"

struct cJSON;

/* The section as JSON ("benchmarks" of report.json, docs/report-format.md):
 * {"quick": true, "floors": {...}, "backends": {"bwrap": {...}, ...}}.
 * Figures that cannot be measured here carry "skipped" with the reason. */
struct cJSON *bench_brief(const securer_backend *backends, int n);

#endif
