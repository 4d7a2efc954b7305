#!/bin/sh
# The conformance suite: every attack under the control and every backend.
# Exits non-zero when anything gets through the sandbox or a control is
# inconclusive.
set -eu
cd "$(dirname "$0")/.."
export SECURER_MUST_WORK="${SECURER_MUST_WORK:-1}"
make CC="${CC:-gcc}" -j"$(nproc)" conformance
