#!/bin/sh
# The conformance suite: every attack under the control and every backend,
# judged against conformance/expect/; reports in build/report (report.json,
# report.xml, summary.md).  Exits non-zero on a regression, an unlisted
# attack, and (SECURER_MUST_WORK=1, the default here) any skipped or
# inconclusive case.  Run it as root for the attacks that need their own
# network namespace.
set -eu
cd "$(dirname "$0")/.."
export SECURER_MUST_WORK="${SECURER_MUST_WORK:-1}"
make CC="${CC:-gcc}" -j"$(nproc)" conformance
