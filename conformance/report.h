/*
 * report.h - the conformance run's reports in the report directory:
 *
 *   report.json   the whole run, schema "securer.conform/1"
 *                 (docs/report-format.md), the input of --baseline
 *   report.xml    JUnit: one test case per attack x backend x runtime
 *   summary.md    for a CI job summary or a pull request comment
 *
 * With a baseline (an earlier report.json), all three also carry the diff:
 * regressions, fixes, new and removed cases.
 */
#ifndef SECURER_CONFORM_REPORT_H
#define SECURER_CONFORM_REPORT_H

#include <stddef.h>

#include "model.h"

/* Writes the three files into |dir| (created if needed).  |baseline| may be
 * NULL.  Returns 0, or -1 with the reason in |err| (an unreadable or
 * malformed baseline is an error: a diff against nothing would hide
 * regressions). */
int report_write(const struct run *run, const char *dir, const char *baseline,
                 char *err, size_t err_size);

#endif
